package dev.twine.protocols.portforward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.demo.HelloHttpFactory;
import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IPushProducer;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import dev.twine.testing.SocketPeer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The port forwarder between a blocking {@link Socket} client and a Twine target, over real loopback sockets: a
 * side that does not read pauses reading on the other, so the forwarder's queues stay bounded in both directions
 * and everything arrives intact once the slow side reads; a side that is reset resets the other at once, so a
 * forwarded connection whose client never reads does not outlive the target's timeout.
 */
@Timeout(60)
class ProxyFlowTest {
    private static final int TOTAL = 16 << 20;

    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor().withJdkSockets();

    private final List<ProxyServer> servers = new ArrayList<>();
    private final long[] maxQueued = {0};

    /** A target that starts paused (reads nothing until told) and hashes what it reads. */
    static final class Sink extends Protocol {
        final CRC32 crc = new CRC32();
        long received;
        boolean lost;

        @Override
        public void connectionMade() {
            ((IPushProducer) transport).pauseProducing();
        }

        @Override
        public void dataReceived(byte[] data) {
            crc.update(data);
            received += data.length;
        }

        @Override
        public void connectionLost(Failure reason) {
            lost = true;
        }
    }

    /** A target that streams {@link #TOTAL} pseudo-random bytes as a push producer, hashing what it sends. */
    static final class Source extends Protocol implements IPushProducer {
        final CRC32 crc = new CRC32();
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] piece = new byte[16384];
        long sent;
        boolean paused;

        @Override
        public void connectionMade() {
            transport.registerProducer(this, true);
            produce();
        }

        private void produce() {
            while (!paused && sent < TOTAL) {
                random.nextBytes(piece);
                crc.update(piece);
                sent += piece.length;
                transport.write(piece);
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            produce();
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    private int forwarder(EPollReactor reactor, int targetPort) {
        ProxyFactory factory = new ProxyFactory(reactor, "127.0.0.1", targetPort);
        factory.setProtocol(() -> {
            ProxyServer server = new ProxyServer();
            servers.add(server);
            return server;
        });
        factory.setNoisy(false);
        IListeningPort port = reactor.listenTCP(0, factory, 50, "127.0.0.1");
        ports.add(port);
        return ((IPv4Address) port.getHost()).port();
    }

    private final List<IListeningPort> ports = new ArrayList<>();

    private int listen(EPollReactor reactor, Factory factory) {
        factory.setNoisy(false);
        IListeningPort port = reactor.listenTCP(0, factory, 50, "127.0.0.1");
        ports.add(port);
        return ((IPv4Address) port.getHost()).port();
    }

    /** The forwarder's two transports for its one connection, once both sides are up. */
    private FileDescriptor[] sides(EPollReactor reactor) {
        Reactors.iterateUntil(reactor, 30, () -> servers.size() == 1 && servers.get(0).peer() != null
                && servers.get(0).peer().transport() != null);
        ProxyServer server = servers.get(0);
        return new FileDescriptor[] {(FileDescriptor) server.transport(), (FileDescriptor) server.peer().transport()};
    }

    @Test
    void aTargetThatDoesNotReadPausesTheClientSide() throws Exception {
        EPollReactor reactor = fixture.reactor();
        Sink[] sink = new Sink[1];
        int target = listen(reactor, Factory.forProtocol(() -> sink[0] = new Sink()));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), forwarder(reactor, target))) {
            CompletableFuture<Long> sending = SocketPeer.sendRandom(client, "test-sender", TOTAL, 3);
            FileDescriptor[] sides = sides(reactor);
            FileDescriptor clientSide = sides[0];
            FileDescriptor targetSide = sides[1];
            Reactors.iterateUntil(reactor, 30, () -> track(targetSide)
                    && ((!clientSide.isReading() && targetSide.queuedBytes() > FileDescriptor.BUFFER_SIZE)
                            || sending.isDone()));
            assertThat(sending).as("the client is held back, not forwarded into memory").isNotDone();
            ((IPushProducer) sink[0].transport()).resumeProducing();
            Reactors.iterateUntil(reactor, 30, () -> track(targetSide) && sink[0].received == TOTAL);
            assertThat(sink[0].crc.getValue()).isEqualTo(sending.get());
            assertThat(maxQueued[0]).as("most bytes queued toward the target").isLessThan(SocketPeer.QUEUE_BOUND);
        }
        Reactors.iterateUntil(reactor, 30, () -> sink[0].lost);
        stopPorts(reactor);
    }

    @Test
    void aClientThatDoesNotReadPausesTheTargetSide() throws Exception {
        EPollReactor reactor = fixture.reactor();
        Source[] source = new Source[1];
        int target = listen(reactor, Factory.forProtocol(() -> source[0] = new Source()));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), forwarder(reactor, target))) {
            FileDescriptor[] sides = sides(reactor);
            FileDescriptor clientSide = sides[0];
            FileDescriptor targetSide = sides[1];
            Reactors.iterateUntil(reactor, 30, () -> track(clientSide) && ((!targetSide.isReading()
                    && clientSide.queuedBytes() > FileDescriptor.BUFFER_SIZE) || source[0].sent == TOTAL));
            assertThat(source[0].sent).as("the target is held back, not forwarded into memory").isLessThan(TOTAL);
            CompletableFuture<Long> receiving = SocketPeer.receive(client, "test-receiver", TOTAL);
            Reactors.iterateUntil(reactor, 30, () -> track(clientSide) && receiving.isDone());
            assertThat(receiving.get()).isEqualTo(source[0].crc.getValue());
            assertThat(maxQueued[0]).as("most bytes queued toward the client").isLessThan(SocketPeer.QUEUE_BOUND);
        }
        Reactors.iterateUntil(reactor, 30,
                () -> servers.get(0).transport() instanceof FileDescriptor fd && fd.fileno() < 0);
        stopPorts(reactor);
    }

    /**
     * In front of the HTTP demo, a client that pipelines and never reads: the demo aborts its side after its
     * timeout, and the forwarder resets the client side at once rather than waiting, with its queue, for a client
     * that never reads; the reset reaches the client, whose blocked write fails.
     */
    @Test
    void aTargetsAbortForNotReadingResetsTheClientSideAtOnce() throws Exception {
        EPollReactor reactor = fixture.reactor();
        HelloHttpFactory http = new HelloHttpFactory(reactor, 0.3);
        int target = listen(reactor, http);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), forwarder(reactor, target))) {
            OutputStream out = client.getOutputStream();
            byte[] requests = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000).getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<Long> sending = SocketPeer.onThread("test-pipeliner", () -> {
                long sent = 0;
                while (sent < (256L << 20)) {
                    out.write(requests);
                    sent += requests.length;
                }
                return sent;
            });
            FileDescriptor[] sides = sides(reactor);
            Reactors.iterateUntil(reactor, 30,
                    () -> sides[0].fileno() < 0 && sides[1].fileno() < 0 && http.openConnections() == 0);
            assertThat(http.abortedForNotReading()).isEqualTo(1);
            assertThat(sides[0].queuedBytes()).as("queue toward the client dropped").isZero();
            assertThat(sending).failsWithin(java.time.Duration.ofSeconds(10))
                    .withThrowableThat().withRootCauseInstanceOf(java.net.SocketException.class);
        }
        stopPorts(reactor);
    }

    private boolean track(FileDescriptor side) {
        maxQueued[0] = Math.max(maxQueued[0], side.queuedBytes());
        return true;
    }

    private void stopPorts(EPollReactor reactor) {
        int[] stopped = {0};
        for (IListeningPort port : ports) {
            port.stopListening().addCallback(v -> {
                stopped[0]++;
                return v;
            });
        }
        Reactors.iterateUntil(reactor, 30, () -> stopped[0] == ports.size());
    }
}
