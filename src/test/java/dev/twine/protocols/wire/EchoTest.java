package dev.twine.protocols.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.Factory;
import dev.twine.python.Failure;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import dev.twine.testing.SocketPeer;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
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

    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor().withJdkSockets();

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
            CompletableFuture<Long> sending = SocketPeer.sendRandom(client, "test-sender", TOTAL, 12);
            Reactors.iterateUntil(reactor, 30, () -> server[0] != null && server[0].transport() != null);
            FileDescriptor transport = (FileDescriptor) server[0].transport();
            long[] maxQueued = {0};
            Reactors.iterateUntil(reactor, 30, () -> {
                maxQueued[0] = Math.max(maxQueued[0], transport.queuedBytes());
                return (!transport.isReading() && transport.queuedBytes() > FileDescriptor.BUFFER_SIZE)
                        || sending.isDone();
            });
            assertThat(sending).as("the sender is held back by TCP, not echoed into memory").isNotDone();
            CompletableFuture<Long> receiving = SocketPeer.receive(client, "test-receiver", TOTAL);
            Reactors.iterateUntil(reactor, 30, () -> {
                maxQueued[0] = Math.max(maxQueued[0], transport.queuedBytes());
                return receiving.isDone();
            });
            assertThat(receiving.get()).as("CRC of what came back").isEqualTo(sending.get());
            assertThat(maxQueued[0]).as("most bytes queued by the echo").isLessThan(SocketPeer.QUEUE_BOUND);
            System.out.printf("echo of %d MiB to a late reader: at most %d KiB queued%n", TOTAL >> 20,
                    maxQueued[0] / 1024);
        }
        Reactors.iterateUntil(reactor, 30, () -> lost[0]);
        Reactors.stopListening(reactor, port);
    }
}
