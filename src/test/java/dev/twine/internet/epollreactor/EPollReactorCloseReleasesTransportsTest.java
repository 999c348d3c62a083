package dev.twine.internet.epollreactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IPushProducer;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.DatagramProtocol;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * close() on a reactor driven by {@code iterate()} with transports still open releases all of them: every
 * descriptor (the fixture checks), UNIX socket files and their locks; protocols hear {@code connectionLost}; the
 * transports' own close calls still work afterwards instead of failing on the closed reactor.
 */
@Timeout(30)
class EPollReactorCloseReleasesTransportsTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withoutReactor();

    @TempDir
    Path dir;

    /** Records its transport and the reason it was lost. */
    static final class Held extends Protocol {
        final List<Failure> lost = new ArrayList<>();

        @Override
        public void connectionLost(Failure reason) {
            lost.add(reason);
        }
    }

    @Test
    void closeReleasesPortsConnectionsPausedConnectionsAndSocketFiles() {
        EPollReactor reactor = new EPollReactor();
        List<Held> servers = new ArrayList<>();
        List<Held> clients = new ArrayList<>();
        Path socketFile = dir.resolve("held.sock");
        Path lock = dir.resolve("held.sock.lock");
        Path datagramFile = dir.resolve("held.dgram");
        IListeningPort tcp;
        IListeningPort unix;
        IUDPTransport udp;
        IUDPTransport stoppingUdp;
        try {
            tcp = reactor.listenTCP(0, Factory.forProtocol(() -> {
                Held h = new Held();
                servers.add(h);
                return h;
            }), 50, "127.0.0.1");
            unix = reactor.listenUNIX(socketFile.toString(), Factory.forProtocol(Held::new), 50, 0600, true);
            udp = reactor.listenUDP(0, new DatagramProtocol(), "127.0.0.1", 8192);
            stoppingUdp = reactor.listenUDP(0, new DatagramProtocol(), "127.0.0.1", 8192);
            reactor.listenUNIXDatagram(datagramFile.toString(), new DatagramProtocol(), 8192, 0600);
            int port = ((IPv4Address) tcp.getHost()).port();
            for (int i = 0; i < 3; i++) {
                reactor.connectTCP("127.0.0.1", port, ClientFactory.forProtocol(() -> {
                    Held h = new Held();
                    clients.add(h);
                    return h;
                }));
            }
            Reactors.iterateUntil(reactor, () -> servers.size() == 3 && clients.size() == 3
                    && clients.stream().allMatch(c -> c.transport() != null));
            // Paused: registered for nothing, yet still open.
            ((IPushProducer) servers.get(0).transport()).pauseProducing();
            ((IPushProducer) clients.get(1).transport()).pauseProducing();
            // Stopping: its socket closes at the next pass, which never comes.
            stoppingUdp.stopListening();
            assertThat(socketFile).exists();
            assertThat(Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(datagramFile).exists();
        } finally {
            reactor.close();
        }

        for (Held h : servers) {
            assertThat(h.lost).as("server connection lost once").hasSize(1);
            assertThat(h.lost.get(0).value()).isInstanceOf(ConnectionLost.class);
        }
        for (Held h : clients) {
            assertThat(h.lost).as("client connection lost once").hasSize(1);
        }
        assertThat(socketFile).doesNotExist();
        assertThat(Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("the lock is gone").isFalse();
        assertThat(datagramFile).doesNotExist();
        // Each may still be told to close, and says it is closed, instead of failing on the closed reactor.
        assertThat(tcp.stopListening().called()).isTrue();
        assertThat(unix.stopListening().called()).isTrue();
        assertThat(udp.stopListening().called()).isTrue();
        servers.get(1).transport().loseConnection();
        ((dev.twine.internet.interfaces.ITCPTransport) clients.get(2).transport()).abortConnection();
        assertThat(reactor.openDescriptorCount()).isZero();
    }
}
