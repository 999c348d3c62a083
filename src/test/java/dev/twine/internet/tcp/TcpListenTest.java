package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.AlreadyListened;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ConnectionRefusedError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.testing.ResourceSnapshot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code listenTCP}: binding, errors, stopping, and the accept loop under load and out of descriptors. */
@Timeout(60)
class TcpListenTest extends TcpTestBase {

    @Test
    void portZeroPicksAFreePort() {
        RecordingFactory factory = new RecordingFactory();
        IListeningPort port = listen(factory);
        IPv4Address host = (IPv4Address) port.getHost();
        assertThat(host.type()).isEqualTo("TCP");
        assertThat(host.host()).isEqualTo("127.0.0.1");
        assertThat(host.port()).isPositive().isEqualTo(portOf(port));
        assertThat(factory.events).containsExactly("doStart");
        int fd = ((Port) port).fileno();
        assertThat(Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR)).as("like Twisted").isOne();
    }

    @Test
    void aPortInUseCannotListen() {
        RecordingFactory factory = new RecordingFactory();
        IListeningPort first = listen(factory);
        int number = portOf(first);
        RecordingFactory second = new RecordingFactory();
        assertThatThrownBy(() -> reactor().listenTCP(number, second, 50, "127.0.0.1"))
                .isInstanceOfSatisfying(CannotListenError.class, e -> {
                    assertThat(e.iface()).isEqualTo("127.0.0.1");
                    assertThat(e.port()).isEqualTo(number);
                    assertThat(e.getCause()).isInstanceOfSatisfying(ErrnoException.class,
                            cause -> assertThat(cause.errnoName()).isEqualTo("EADDRINUSE"));
                });
        assertThat(second.events).as("never started").isEmpty();
    }

    @Test
    void anInterfaceMustBeAnAddressLiteral() {
        RecordingFactory factory = new RecordingFactory();
        assertThatThrownBy(() -> reactor().listenTCP(0, factory, 50, "localhost"))
                .isInstanceOf(CannotListenError.class).hasMessageContaining("localhost");
        assertThat(factory.events).isEmpty();
    }

    @Test
    void stopListeningClosesTheSocketAndStopsTheFactory() {
        RecordingFactory factory = new RecordingFactory();
        IListeningPort port = listen(factory);
        int number = portOf(port);
        Deferred<Void> stopped = port.stopListening();
        assertThat(port.stopListening()).as("asked twice, one Deferred").isSameAs(stopped);
        boolean[] fired = {false};
        stopped.addCallback(ignored -> {
            assertThat(factory.stops).as("factory stopped before the Deferred fires").isOne();
            fired[0] = true;
            return null;
        });
        runUntil(() -> fired[0]);
        assertThat(factory.events).containsExactly("doStart", "doStop");
        assertThat(reactor().getReaders()).doesNotContain((Port) port);
        boolean[] again = {false};
        port.stopListening().addCallback(ignored -> again[0] = true);
        assertThat(again[0]).as("already stopped: fires at once").isTrue();

        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("127.0.0.1", number, client);
        runUntil(() -> !client.failed.isEmpty());
        assertThat(client.failed.get(0).value()).isInstanceOf(ConnectionRefusedError.class);
    }

    @Test
    void listeningTwiceIsRefusedAndRestartingWorks() {
        RecordingFactory factory = new RecordingFactory();
        IListeningPort port = listen(factory);
        assertThatThrownBy(port::startListening).isInstanceOf(AlreadyListened.class);
        boolean[] fired = {false};
        port.stopListening().addCallback(ignored -> fired[0] = true);
        runUntil(() -> fired[0]);
        port.startListening();
        assertThat(portOf(port)).isPositive();
        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("127.0.0.1", portOf(port), client);
        runUntil(() -> !client.built.isEmpty() && factory.built.size() == 1);
        fired[0] = false;
        port.stopListening().addCallback(ignored -> fired[0] = true);
        runUntil(() -> fired[0]);
        assertThat(factory.starts).isEqualTo(factory.stops).isEqualTo(2);
    }

    @Test
    void ipv6LoopbackListensOnIPv6Only() {
        assumeThat(ipv6Loopback()).as("this machine has ::1").isTrue();
        RecordingFactory factory = new RecordingFactory();
        IListeningPort port = reactor().listenTCP(0, factory, 50, "::1");
        assertThat(port.getHost()).isEqualTo(new IPv6Address("TCP", "::1", portOf(port)));
        int fd = ((Port) port).fileno();
        assertThat(Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_DOMAIN)).isEqualTo(Sockets.AF_INET6);
        assertThat(Sockets.getsockopt(fd, Sockets.IPPROTO_IPV6, Sockets.IPV6_V6ONLY)).isOne();
        // the IPv4 loopback's port of the same number is still free
        IListeningPort v4 = reactor().listenTCP(portOf(port), new RecordingFactory(), 50, "127.0.0.1");
        assertThat(portOf(v4)).isEqualTo(portOf(port));

        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("::1", portOf(port), client);
        runUntil(() -> !client.built.isEmpty() && !factory.built.isEmpty());
        RecordingProtocol p = client.protocol(0);
        assertThat(((IPv6Address) p.transport.getHost()).host()).isEqualTo("::1");
    }

    /** Many connections waiting are taken in one readiness event, not one per event. */
    @Test
    void oneReadinessEventAcceptsManyConnections() {
        RecordingFactory factory = new RecordingFactory();
        Port port = (Port) reactor().listenTCP(0, factory, 128, "127.0.0.1");
        InetSocketAddress address = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), portOf(port));
        int n = 64;
        for (int i = 0; i < n; i++) {
            int s = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
            Sockets.connect(s, address);
        }
        runUntil(() -> factory.built.size() == n);
        assertThat(port.acceptCalls).as("accept4 calls, including the one that found the queue empty")
                .isLessThanOrEqualTo(n + 2);
    }

    @Test
    void refusingFactoryClosesAcceptedSockets() {
        RecordingFactory factory = new RecordingFactory();
        factory.builder = a -> null;
        IListeningPort port = listen(factory);
        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("127.0.0.1", portOf(port), client);
        runUntil(() -> !client.lost.isEmpty());
        assertThat(factory.events).containsExactly("doStart", "buildProtocol");
        assertThat(((RecordingProtocol) client.protocol(0)).made).isOne();
    }

    /** 10,000 connections made and closed, up to 100 at a time: nothing is left open afterwards. */
    @Test
    void tenThousandConnectCloseCyclesLeakNothing() {
        RecordingFactory server = new RecordingFactory();
        server.builder = a -> {
            RecordingProtocol p = new RecordingProtocol();
            p.keep = false;
            p.onMade = RecordingProtocol::transportLoseConnection;
            return p;
        };
        IListeningPort port = reactor().listenTCP(0, server, 512, "127.0.0.1");
        int total = 10_000;
        int[] started = {0};
        int[] finished = {0};
        RecordingFactory client = new RecordingFactory();
        client.builder = a -> {
            RecordingProtocol p = new RecordingProtocol();
            p.keep = false;
            return p;
        };
        client.onLost = (connector, reason) -> {
            finished[0]++;
            if (started[0] < total) {
                started[0]++;
                connector.connect();
            }
        };
        client.onFailed = (connector, reason) -> {
            throw new AssertionError("connection failed: " + reason);
        };
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            started[0]++;
            reactor().connectTCP("127.0.0.1", portOf(port), client);
        }
        runUntil(() -> finished[0] == total, 20);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("10,000 connect/close cycles: %.2f s%n", seconds);
        assertThat(client.failed).isEmpty();
        runUntil(() -> server.built.stream().allMatch(p -> ((RecordingProtocol) p).isLost()));
        assertThat(server.built).hasSize(total);
        assertThat(reactor().getReaders().stream().filter(r -> r instanceof dev.twine.internet.abstracts.FileDescriptor || r instanceof Port))
                .containsExactly((Port) port);
        assertThat(reactor().getWriters()).isEmpty();
        assertThat(client.starts).isEqualTo(client.stops);
    }

    /**
     * stopListening closes the socket at once (the factory stops and the Deferred fires at the next pass): the
     * number can be listened on again straight away, and a reactor closed before that pass leaks nothing.
     */
    @Test
    void stopListeningFreesTheSocketAtOnce() {
        RecordingFactory factory = new RecordingFactory();
        Port port = (Port) listen(factory);
        int number = portOf(port);
        int fd = port.fileno();
        boolean[] fired = new boolean[1];
        port.stopListening().addCallback(v -> {
            fired[0] = true;
            return v;
        });
        assertThat(Syscalls.isOpen(fd)).as("socket closed by stopListening itself").isFalse();
        assertThat(fired[0]).as("the Deferred waits for the next pass").isFalse();
        assertThat(factory.stops).isZero();
        IListeningPort again = reactor().listenTCP(number, new RecordingFactory(), 50, "127.0.0.1");
        assertThat(portOf(again)).isEqualTo(number);
        runUntil(() -> fired[0]);
        assertThat(factory.stops).isEqualTo(1);
    }
}
