package dev.twine.protocols.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.Factory;
import dev.twine.python.Failure;
import dev.twine.testing.JdkSockets;
import dev.twine.testing.ReactorFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Echo} against a peer that sends and does not read, over a real loopback socket (a blocking
 * {@link Socket} on its own thread): the echo stops reading while its queue is over the high-water mark, so its
 * memory stays bounded and the peer is held back by TCP; once the peer reads, every byte comes back intact.
 */
@Timeout(60)
class EchoTest {
    private static final int TOTAL = 32 << 20;
    /** The high-water mark plus what echoing one read adds. */
    private static final long QUEUE_BOUND = 512 * 1024;

    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    @BeforeAll
    static void warmUpJdkSockets() {
        JdkSockets.warmUp();
    }

    @Test
    void aPeerThatSendsWithoutReadingIsHeldBackAndGetsEverythingBackLater() throws Exception {
        EPollReactor reactor = fixture.reactor();
        Echo[] server = new Echo[1];
        boolean[] lost = new boolean[1];
        IListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> server[0] = new Echo() {
            @Override
            public void connectionLost(Failure reason) {
                lost[0] = true;
            }
        }), 50, "127.0.0.1");
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), ((IPv4Address) port.getHost()).port())) {
            OutputStream out = client.getOutputStream();
            CompletableFuture<Long> sending = onThread("test-sender", () -> {
                CRC32 crc = new CRC32();
                byte[] piece = new byte[65536];
                SplittableRandom random = new SplittableRandom(12);
                for (int sent = 0; sent < TOTAL; sent += piece.length) {
                    random.nextBytes(piece);
                    out.write(piece);
                    crc.update(piece);
                }
                return crc.getValue();
            });
            runUntil(reactor, () -> server[0] != null && server[0].transport() != null);
            FileDescriptor transport = (FileDescriptor) server[0].transport();
            long[] maxQueued = {0};
            runUntil(reactor, () -> {
                maxQueued[0] = Math.max(maxQueued[0], transport.queuedBytes());
                return (!transport.isReading() && transport.queuedBytes() > FileDescriptor.BUFFER_SIZE)
                        || sending.isDone();
            });
            assertThat(sending).as("the sender is held back by TCP, not echoed into memory").isNotDone();
            InputStream in = client.getInputStream();
            CompletableFuture<Long> receiving = onThread("test-receiver", () -> {
                CRC32 crc = new CRC32();
                byte[] buf = new byte[65536];
                for (long got = 0; got < TOTAL; ) {
                    int n = in.read(buf);
                    if (n < 0) {
                        throw new AssertionError("end of stream after " + got + " bytes");
                    }
                    crc.update(buf, 0, n);
                    got += n;
                }
                return crc.getValue();
            });
            runUntil(reactor, () -> {
                maxQueued[0] = Math.max(maxQueued[0], transport.queuedBytes());
                return receiving.isDone();
            });
            assertThat(receiving.get()).as("CRC of what came back").isEqualTo(sending.get());
            assertThat(maxQueued[0]).as("most bytes queued by the echo").isLessThan(QUEUE_BOUND);
            System.out.printf("echo of %d MiB to a late reader: at most %d KiB queued%n", TOTAL >> 20,
                    maxQueued[0] / 1024);
        }
        runUntil(reactor, () -> lost[0]);
        boolean[] stopped = new boolean[1];
        port.stopListening().addCallback(v -> {
            stopped[0] = true;
            return v;
        });
        runUntil(reactor, () -> stopped[0]);
    }

    interface Body<T> {
        T run() throws IOException;
    }

    private static <T> CompletableFuture<T> onThread(String name, Body<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).start(() -> {
            try {
                result.complete(body.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private static void runUntil(EPollReactor reactor, BooleanSupplier done) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            reactor.iterate(0.01);
        }
    }
}
