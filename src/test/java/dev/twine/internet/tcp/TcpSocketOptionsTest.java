package dev.twine.internet.tcp;

import static java.net.StandardSocketOptions.IP_MULTICAST_TTL;
import static java.net.StandardSocketOptions.IP_TOS;
import static java.net.StandardSocketOptions.SO_BROADCAST;
import static java.net.StandardSocketOptions.SO_KEEPALIVE;
import static java.net.StandardSocketOptions.SO_LINGER;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_REUSEADDR;
import static java.net.StandardSocketOptions.SO_REUSEPORT;
import static java.net.StandardSocketOptions.SO_SNDBUF;
import static java.net.StandardSocketOptions.TCP_NODELAY;
import static jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT;
import static jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE;
import static jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL;
import static jdk.net.ExtendedSocketOptions.TCP_QUICKACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.twine.internal.sys.Sockets;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.interfaces.LinuxSocketOptions;
import dev.twine.internet.interfaces.SocketOptions;
import dev.twine.testing.NetCore;
import java.net.SocketOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The typed socket options of TCP connections and listening ports, set and read back on real loopback sockets. */
@Timeout(30)
class TcpSocketOptionsTest extends TcpTestBase {
    static final Set<SocketOption<?>> TCP_OPTIONS = Set.of(SO_RCVBUF, SO_SNDBUF, LinuxSocketOptions.SO_RCVBUFFORCE,
            LinuxSocketOptions.SO_SNDBUFFORCE, SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_LINGER, IP_TOS,
            TCP_NODELAY, TCP_KEEPIDLE, TCP_KEEPINTERVAL, TCP_KEEPCOUNT, TCP_QUICKACK);

    /** The server's and the client's protocol of one connection to {@code port}, once both are made. */
    private List<RecordingProtocol> connect(IListeningPort port, RecordingFactory server) {
        RecordingFactory clients = new RecordingFactory();
        RecordingProtocol client = new RecordingProtocol();
        clients.builder = a -> client;
        reactor().connectTCP("127.0.0.1", portOf(port), clients);
        runUntil(() -> client.made == 1 && !server.built.isEmpty()
                && ((RecordingProtocol) server.built.get(0)).made == 1);
        return List.of((RecordingProtocol) server.built.get(0), client);
    }

    /** At least what was asked, or the cap when asking for more (the kernel doubles what it grants). */
    private static int granted(int asked, int cap) {
        return Math.min(asked, cap);
    }

    @Test
    void everyOptionOfAConnectionReadsBackWhatWasSet() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        for (RecordingProtocol p : connect(port, server)) {
            ITCPTransport t = p.transport;
            assertThat(t.supportedOptions()).isEqualTo(TCP_OPTIONS);

            t.setOption(SO_RCVBUF, 65_536);
            assertThat(t.getOption(SO_RCVBUF)).as("doubled by the kernel").isGreaterThanOrEqualTo(65_536);
            t.setOption(SO_SNDBUF, 65_536);
            assertThat(t.getOption(SO_SNDBUF)).isGreaterThanOrEqualTo(65_536);
            t.setOption(TCP_NODELAY, true);
            assertThat(t.getOption(TCP_NODELAY)).isTrue();
            assertThat(t.getTcpNoDelay()).as("Twisted's name for it").isTrue();
            t.setOption(TCP_NODELAY, false);
            assertThat(t.getOption(TCP_NODELAY)).isFalse();
            t.setOption(SO_KEEPALIVE, true);
            assertThat(t.getOption(SO_KEEPALIVE)).isTrue();
            assertThat(t.getTcpKeepAlive()).isTrue();
            t.setOption(TCP_KEEPIDLE, 30);
            assertThat(t.getOption(TCP_KEEPIDLE)).isEqualTo(30);
            t.setOption(TCP_KEEPINTERVAL, 5);
            assertThat(t.getOption(TCP_KEEPINTERVAL)).isEqualTo(5);
            t.setOption(TCP_KEEPCOUNT, 3);
            assertThat(t.getOption(TCP_KEEPCOUNT)).isEqualTo(3);
            // A lingering close would block the reactor thread: only off or 0 (reset on close) are taken.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.setOption(SO_LINGER, 7))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block the reactor thread");
            t.setOption(SO_LINGER, 0);
            assertThat(t.getOption(SO_LINGER)).isEqualTo(0);
            t.setOption(SO_LINGER, -1);
            assertThat(t.getOption(SO_LINGER)).as("off").isEqualTo(-1);
            t.setOption(IP_TOS, 0x10);
            assertThat(t.getOption(IP_TOS)).isEqualTo(0x10);
            t.setOption(SO_REUSEADDR, true);
            assertThat(t.getOption(SO_REUSEADDR)).isTrue();
            t.setOption(TCP_QUICKACK, true);
            assertThat(t.getOption(TCP_QUICKACK)).isNotNull();
        }
    }

    @Test
    void anIpv6ConnectionsTosIsItsTrafficClass() {
        assumeThat(ipv6Loopback()).as("no IPv6 loopback here").isTrue();
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = reactor().listenTCP(0, server, 50, "::1");
        RecordingFactory clients = new RecordingFactory();
        RecordingProtocol client = new RecordingProtocol();
        clients.builder = a -> client;
        reactor().connectTCP("::1", portOf(port), clients);
        runUntil(() -> client.made == 1);

        client.transport.setOption(IP_TOS, 0x20);
        assertThat(client.transport.getOption(IP_TOS)).isEqualTo(0x20);
        int fd = ((Connection) client.transport).fileno();
        assertThat(Sockets.getsockopt(fd, Sockets.IPPROTO_IPV6, Sockets.IPV6_TCLASS)).isEqualTo(0x20);
    }

    @Test
    void optionsGivenToListenTcpAreSetBeforeListeningAndAcceptedConnectionsInheritThem() {
        int asked = 1 << 20;
        SocketOptions options = SocketOptions.of(TCP_NODELAY, true).with(SO_KEEPALIVE, true)
                .with(TCP_KEEPIDLE, 77).with(SO_RCVBUF, asked).with(SO_REUSEADDR, false);
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = reactor().listenTCP(0, server, 50, "127.0.0.1", options);

        assertThat(port.supportedOptions()).isEqualTo(TCP_OPTIONS);
        assertThat(port.getOption(TCP_NODELAY)).isTrue();
        assertThat(port.getOption(SO_REUSEADDR)).as("the caller's value wins over Twine's default").isFalse();
        assertThat(port.getOption(SO_RCVBUF)).isGreaterThanOrEqualTo(granted(asked, NetCore.rmemMax()));

        ITCPTransport accepted = connect(port, server).get(0).transport;
        assertThat(accepted.getOption(TCP_NODELAY)).isTrue();
        assertThat(accepted.getOption(SO_KEEPALIVE)).isTrue();
        assertThat(accepted.getOption(TCP_KEEPIDLE)).isEqualTo(77);
        assertThat(accepted.getOption(SO_RCVBUF)).isGreaterThanOrEqualTo(granted(asked, NetCore.rmemMax()));
    }

    @Test
    void optionsSetOnARunningPortReachConnectionsAcceptedAfter() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        port.setOption(TCP_NODELAY, true);
        port.setOption(TCP_KEEPCOUNT, 4);
        ITCPTransport accepted = connect(port, server).get(0).transport;
        assertThat(accepted.getOption(TCP_NODELAY)).isTrue();
        assertThat(accepted.getOption(TCP_KEEPCOUNT)).isEqualTo(4);
    }

    @Test
    void soReusePortLetsTwoPortsListenOnOneNumber() {
        SocketOptions reuse = SocketOptions.of(SO_REUSEPORT, true);
        RecordingFactory first = new RecordingFactory();
        RecordingFactory second = new RecordingFactory();
        IListeningPort a = reactor().listenTCP(0, first, 50, "127.0.0.1", reuse);
        int number = portOf(a);
        IListeningPort b = reactor().listenTCP(number, second, 50, "127.0.0.1", reuse);
        assertThat(portOf(b)).isEqualTo(number);
        assertThat(a.getOption(SO_REUSEPORT)).isTrue();
        assertThat(b.getOption(SO_REUSEPORT)).isTrue();

        RecordingFactory third = new RecordingFactory();
        assertThatThrownBy(() -> reactor().listenTCP(number, third, 50, "127.0.0.1"))
                .as("a port without SO_REUSEPORT may not join them")
                .isInstanceOfSatisfying(CannotListenError.class, e -> assertThat(e.getCause())
                        .isInstanceOfSatisfying(ErrnoException.class,
                                c -> assertThat(c.errnoName()).isEqualTo("EADDRINUSE")));
        assertThat(third.events).isEmpty();

        RecordingFactory clients = new RecordingFactory();
        RecordingProtocol client = new RecordingProtocol();
        clients.builder = a2 -> client;
        reactor().connectTCP("127.0.0.1", number, clients);
        runUntil(() -> first.built.size() + second.built.size() == 1);
    }

    @Test
    void badOptionsToListenTcpFailBeforeAnySocketIsMade() {
        RecordingFactory factory = new RecordingFactory();
        assertThatThrownBy(() -> reactor().listenTCP(0, factory, 50, "127.0.0.1",
                SocketOptions.of(SO_BROADCAST, true)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("SO_BROADCAST");
        assertThatThrownBy(() -> reactor().listenTCP(0, factory, 50, "127.0.0.1",
                SocketOptions.of(TCP_KEEPCOUNT, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TCP_KEEPCOUNT must be in 1..127");
        assertThatThrownBy(() -> reactor().listenTCP(0, factory, 50, "127.0.0.1",
                SocketOptions.of(IP_TOS, 256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..255");
        assertThatThrownBy(() -> reactor().listenTCP(0, factory, 50, "127.0.0.1",
                SocketOptions.of(SO_RCVBUF, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SO_RCVBUF");
        assertThatThrownBy(() -> reactor().listenTCP(0, factory, 50, "127.0.0.1", null))
                .isInstanceOf(NullPointerException.class);
        assertThat(factory.events).as("never started; the fixture checks that no descriptor is left").isEmpty();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void badCallsOnAConnectionRaiseTheDocumentedExceptions() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        RecordingProtocol client = connect(port, server).get(1);
        ITCPTransport t = client.transport;

        assertThatThrownBy(() -> t.setOption(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> t.getOption(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> t.setOption(TCP_NODELAY, null)).isInstanceOf(IllegalArgumentException.class);
        SocketOption raw = SO_RCVBUF;
        assertThatThrownBy(() -> t.setOption(raw, "big")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Integer");
        assertThatThrownBy(() -> t.setOption(SO_BROADCAST, true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> t.getOption(IP_MULTICAST_TTL)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> t.setOption(TCP_KEEPIDLE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.setOption(TCP_KEEPINTERVAL, 32_768))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.setOption(SO_SNDBUF, -1)).isInstanceOf(IllegalArgumentException.class);

        t.loseConnection();
        runUntil(client::isLost);
        assertThatThrownBy(() -> t.getOption(TCP_NODELAY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> t.setOption(TCP_NODELAY, true)).isInstanceOf(IllegalStateException.class);
        assertThat(t.supportedOptions()).as("still answers once closed").isEqualTo(TCP_OPTIONS);
    }

    @Test
    void aStoppedPortRefusesOptions() {
        IListeningPort port = listen(new RecordingFactory());
        port.stopListening();
        settle();
        assertThatThrownBy(() -> port.getOption(SO_RCVBUF)).isInstanceOf(IllegalStateException.class);
    }

    /** Past net.core.rmem_max with CAP_NET_ADMIN; without it, EPERM (UdpSocketOptionsTest checks that case too). */
    @Test
    void soRcvBufForcePassesTheRmemMaxCapOrIsRefusedWithEperm() {
        int asked = 2 * NetCore.rmemMax();
        SocketOptions force = SocketOptions.of(LinuxSocketOptions.SO_RCVBUFFORCE, asked);
        RecordingFactory factory = new RecordingFactory();
        if (NetCore.hasNetAdmin()) {
            IListeningPort port = reactor().listenTCP(0, factory, 50, "127.0.0.1", force);
            assertThat(port.getOption(SO_RCVBUF)).as("more than SO_RCVBUF could give")
                    .isGreaterThan(2 * NetCore.rmemMax());
            assertThat(port.getOption(LinuxSocketOptions.SO_RCVBUFFORCE)).isEqualTo(port.getOption(SO_RCVBUF));
        } else {
            assertThatThrownBy(() -> reactor().listenTCP(0, factory, 50, "127.0.0.1", force))
                    .isInstanceOfSatisfying(CannotListenError.class, e -> assertThat(e.getCause())
                            .isInstanceOfSatisfying(ErrnoException.class, c -> {
                                assertThat(c.errnoName()).isEqualTo("EPERM");
                                assertThat(c.call()).isEqualTo("setsockopt(SO_RCVBUFFORCE)");
                            }));
            assertThat(factory.events).isEmpty();
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void socketOptionsIsAnImmutableMapInTheOrderGiven() {
        SocketOptions none = SocketOptions.none();
        SocketOptions one = none.with(SO_RCVBUF, 1);
        SocketOptions two = one.with(TCP_NODELAY, true).with(SO_RCVBUF, 2);
        assertThat(none.isEmpty()).isTrue();
        assertThat(one.get(SO_RCVBUF)).isEqualTo(1);
        assertThat(two.get(SO_RCVBUF)).as("replaced in its place").isEqualTo(2);
        assertThat(List.copyOf(two.names())).containsExactly(SO_RCVBUF, TCP_NODELAY);
        assertThat(two.get(SO_KEEPALIVE)).isNull();
        assertThat(two).isEqualTo(SocketOptions.of(SO_RCVBUF, 2).with(TCP_NODELAY, true));
        assertThatThrownBy(() -> two.names().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> none.with(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> none.with(SO_RCVBUF, null)).isInstanceOf(IllegalArgumentException.class);
        SocketOption raw = TCP_NODELAY;
        assertThatThrownBy(() -> none.with(raw, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
