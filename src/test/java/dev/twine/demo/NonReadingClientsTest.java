package dev.twine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import dev.twine.testing.SocketPeer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP demo against clients that send and do not read, over real loopback sockets (plain blocking
 * {@link Socket}s on their own threads, so nothing of Twine's is on the client side): the server's write queue
 * stays bounded while such a client pipelines megabytes of requests, every response still arrives, intact, once it
 * reads; and one that never reads is aborted after the timeout, its queue dropped, instead of being held forever by
 * a {@code loseConnection} that waits for it to read.
 */
@Timeout(60)
class NonReadingClientsTest {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
            + "Hello, World!").getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor().withJdkSockets();

    /** Writes {@code requests} pipelined requests in 64 KiB writes, on its own thread; blocks while TCP is full. */
    private static CompletableFuture<Void> pipeline(Socket socket, int requests) {
        return CompletableFuture.runAsync(() -> {
            byte[] batch = new byte[REQUEST.length * (65536 / REQUEST.length)];
            for (int k = 0; k < batch.length; k += REQUEST.length) {
                System.arraycopy(REQUEST, 0, batch, k, REQUEST.length);
            }
            int perBatch = batch.length / REQUEST.length;
            try {
                OutputStream out = socket.getOutputStream();
                for (int sent = 0; sent < requests; sent += perBatch) {
                    out.write(batch, 0, Math.min(perBatch, requests - sent) * REQUEST.length);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, runnable -> Thread.ofPlatform().name("test-pipeliner").start(runnable));
    }

    @Test
    void aPipeliningClientThatDoesNotReadHoldsOneQueueNotAllItsResponses() throws Exception {
        EPollReactor reactor = fixture.reactor();
        HelloHttpFactory factory = new HelloHttpFactory(reactor, 30);
        IListeningPort port = reactor.listenTCP(0, factory, 50, "127.0.0.1");
        int requests = (32 << 20) / REQUEST.length; // 32 MiB of requests, 100 MiB of responses
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), ((IPv4Address) port.getHost()).port())) {
            CompletableFuture<Void> sending = pipeline(client, requests);
            Reactors.iterateUntil(reactor, 30, () -> factory.openConnections() == 1);
            FileDescriptor server = (FileDescriptor) factory.connections().iterator().next().transport();
            long[] maxQueued = {0};
            // Until the server stops reading on its full queue (or, without flow control, the client has sent it all).
            Reactors.iterateUntil(reactor, 30, () -> {
                maxQueued[0] = Math.max(maxQueued[0], server.queuedBytes());
                return (!server.isReading() && server.queuedBytes() > FileDescriptor.BUFFER_SIZE) || sending.isDone();
            });
            assertThat(sending).as("the client is held back by TCP, not served into memory").isNotDone();
            // Now the client reads: every response arrives, byte for byte, while the queue stays bounded.
            CountDownLatch readAll = new CountDownLatch(1);
            long expected = (long) requests * OK.length;
            InputStream in = client.getInputStream();
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return crcOf(in, expected);
                } finally {
                    readAll.countDown();
                }
            }, runnable -> Thread.ofPlatform().name("test-reader").start(runnable));
            Reactors.iterateUntil(reactor, 30, () -> {
                maxQueued[0] = Math.max(maxQueued[0], server.queuedBytes());
                return readAll.getCount() == 0;
            });
            sending.get();
            assertThat(received.get()).as("CRC of every response").isEqualTo(expectedCrc(requests));
            assertThat(maxQueued[0]).as("most bytes queued on the server").isLessThan(SocketPeer.QUEUE_BOUND);
            System.out.printf("%d pipelined requests from a late reader: at most %d KiB queued%n", requests,
                    maxQueued[0] / 1024);
        }
        Reactors.iterateUntil(reactor, 30, () -> factory.openConnections() == 0);
        Reactors.stopListening(reactor, port);
    }

    @Test
    void aClientThatNeverReadsIsAbortedAfterTheTimeoutAndItsQueueDropped() throws Exception {
        EPollReactor reactor = fixture.reactor();
        double timeout = 0.3;
        HelloHttpFactory factory = new HelloHttpFactory(reactor, timeout);
        IListeningPort port = reactor.listenTCP(0, factory, 50, "127.0.0.1");
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), ((IPv4Address) port.getHost()).port())) {
            CompletableFuture<Void> sending = pipeline(client, (8 << 20) / REQUEST.length);
            Reactors.iterateUntil(reactor, 30, () -> factory.openConnections() == 1);
            HelloHttp connection = factory.connections().iterator().next();
            FileDescriptor server = (FileDescriptor) connection.transport();
            Reactors.iterateUntil(reactor, 30, () -> server.queuedBytes() > 0 && !server.isReading());
            long stalledAt = System.nanoTime();
            Reactors.iterateUntil(reactor, 30, () -> factory.openConnections() == 0);
            double seconds = (System.nanoTime() - stalledAt) / 1e9;
            assertThat(seconds).as("closed after the timeout").isBetween(timeout * 0.5, timeout * 4);
            assertThat(factory.abortedForNotReading()).isEqualTo(1);
            assertThat(server.queuedBytes()).as("queue dropped").isZero();
            // The abort reaches the client as a reset: its blocked write fails rather than hanging.
            assertThat(sending).failsWithin(java.time.Duration.ofSeconds(10));
        } catch (SocketException expected) {
            // the reset may reach the client's close too
        }
        Reactors.stopListening(reactor, port);
    }

    @Test
    void anEchoClientThatNeverReadsIsAbortedAfterTheTimeout() throws Exception {
        EPollReactor reactor = fixture.reactor();
        double timeout = 0.3;
        IListeningPort port = reactor.listenTCP(0, TimedEcho.factory(reactor, timeout), 50, "127.0.0.1");
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), ((IPv4Address) port.getHost()).port())) {
            OutputStream out = client.getOutputStream();
            long start = System.nanoTime();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                byte[] piece = new byte[65536];
                try {
                    for (long sent = 0; sent < (1L << 30); sent += piece.length) {
                        out.write(piece);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, runnable -> Thread.ofPlatform().name("test-echo-sender").start(runnable));
            Reactors.iterateUntil(reactor, 30, sending::isDone);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(sending).as("the abort reaches the sender as a reset").isCompletedExceptionally();
            assertThat(seconds).as("aborted after the timeout").isBetween(timeout, timeout * 10);
        }
        Reactors.stopListening(reactor, port);
    }

    private static long crcOf(InputStream in, long total) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[65536];
        long got = 0;
        try {
            while (got < total) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, total - got));
                if (n < 0) {
                    throw new AssertionError("end of stream after " + got + " of " + total + " bytes");
                }
                crc.update(buf, 0, n);
                got += n;
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return crc.getValue();
    }

    private static long expectedCrc(int responses) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < responses; i++) {
            crc.update(OK);
        }
        return crc.getValue();
    }

}
