package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.EPoll;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.UnsupportedAddressFamily;
import dev.twine.internet.error.UnsupportedSocketType;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.testing.ResourceSnapshot;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code adoptStreamPort} and {@code adoptStreamConnection} with sockets made outside the reactor. */
@Timeout(60)
class TcpAdoptTest extends TcpTestBase {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    private int rawListener() {
        int s = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        Sockets.bind(s, new InetSocketAddress(LOOPBACK, 0));
        Sockets.listen(s, 16);
        return s;
    }

    @Test
    void adoptedListeningSocketServesAndTheCallerMayCloseTheirs() {
        int raw = rawListener();
        int number = Sockets.getsockname(raw).getPort();
        RecordingFactory factory = new RecordingFactory();
        IListeningPort port = reactor().adoptStreamPort(raw, StandardProtocolFamily.INET, factory);
        fixture.fds().close(raw);
        assertThat(port.getHost()).isEqualTo(new IPv4Address("TCP", "127.0.0.1", number));
        assertThat(((Port) port).fileno()).isNotEqualTo(raw);
        assertThat(factory.events).containsExactly("doStart");

        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("127.0.0.1", number, client);
        runUntil(() -> !client.built.isEmpty() && !factory.built.isEmpty());
        boolean[] stopped = {false};
        port.stopListening().addCallback(ignored -> stopped[0] = true);
        runUntil(() -> stopped[0]);
        assertThat(factory.events).containsExactly("doStart", "buildProtocol", "connectionMade", "doStop");
    }

    /** A connected TCP socket made by hand, adopted on one end and talked to on the other. */
    @Test
    void adoptedConnectionRunsAProtocol() {
        int raw = rawListener();
        int peer = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        Sockets.connect(peer, Sockets.getsockname(raw));
        int accepted = acceptOne(raw);
        RecordingFactory factory = new RecordingFactory();
        reactor().adoptStreamConnection(accepted, StandardProtocolFamily.INET, factory);
        fixture.fds().close(accepted);
        assertThat(factory.addresses).containsExactly(new IPv4Address("TCP", "127.0.0.1",
                Sockets.getsockname(peer).getPort()));
        assertThat(factory.events).as("the factory is not started for an adopted connection")
                .containsExactly("buildProtocol", "connectionMade");
        RecordingProtocol p = factory.protocol(0);
        p.write("hello from the reactor");
        runUntil(() -> readable(peer));
        byte[] buffer = new byte[64];
        int n = Syscalls.read(peer, buffer, 0, buffer.length);
        assertThat(new String(buffer, 0, n)).isEqualTo("hello from the reactor");
        fixture.fds().close(peer);
        runUntil(p::isLost);
        assertThat(p.reason()).isInstanceOf(ConnectionDone.class);
    }

    @Test
    void refusingFactoryClosesTheAdoptedDuplicate() {
        int raw = rawListener();
        int peer = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        Sockets.connect(peer, Sockets.getsockname(raw));
        int accepted = acceptOne(raw);
        Set<String> before = ResourceSnapshot.openFds();
        RecordingFactory factory = new RecordingFactory();
        factory.builder = a -> null;
        reactor().adoptStreamConnection(accepted, StandardProtocolFamily.INET, factory);
        assertThat(ResourceSnapshot.openFds()).isEqualTo(before);
    }

    @Test
    void wrongFamilyOrTypeIsRefusedWithoutLeakingTheDuplicate() {
        int[] unixPair = fixture.fds().socketpair();
        int raw = rawListener();
        int udp = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_DGRAM))[0];
        int[] pipe = fixture.fds().pipe();
        Set<String> before = ResourceSnapshot.openFds();
        RecordingFactory factory = new RecordingFactory();

        assertThatThrownBy(() -> reactor().adoptStreamConnection(unixPair[0], StandardProtocolFamily.INET, factory))
                .as("an AF_UNIX socket named INET").isInstanceOf(UnsupportedAddressFamily.class);
        assertThatThrownBy(() -> reactor().adoptStreamPort(raw, StandardProtocolFamily.UNIX, factory))
                .as("an AF_INET socket named UNIX").isInstanceOf(UnsupportedAddressFamily.class);
        assertThatThrownBy(() -> reactor().adoptStreamPort(unixPair[1], StandardProtocolFamily.INET, factory))
                .isInstanceOf(UnsupportedAddressFamily.class);
        assertThatThrownBy(() -> reactor().adoptStreamPort(raw, StandardProtocolFamily.INET6, factory))
                .as("an AF_INET socket named INET6").isInstanceOf(UnsupportedAddressFamily.class);
        assertThatThrownBy(() -> reactor().adoptStreamConnection(udp, StandardProtocolFamily.INET, factory))
                .isInstanceOf(UnsupportedSocketType.class);
        assertThatThrownBy(() -> reactor().adoptStreamPort(pipe[0], StandardProtocolFamily.INET, factory))
                .as("not a socket at all").isInstanceOf(UnsupportedSocketType.class);
        assertThat(factory.events).isEmpty();
        assertThat(ResourceSnapshot.openFds()).isEqualTo(before);
    }

    private int acceptOne(int listener) {
        runUntil(() -> readable(listener));
        int s = Sockets.accept(listener, dev.twine.internal.sys.SockAddr.allocateHeap());
        assertThat(s).isNotEqualTo(Syscalls.WOULD_BLOCK);
        return fixture.fds().track(s)[0];
    }

    /** Whether {@code fd} is readable now (a zero-timeout epoll on its own instance). */
    private static boolean readable(int fd) {
        int epfd = EPoll.create();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = EPoll.allocatePollArray(arena, 1);
            assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_ADD, fd, EPoll.EPOLLIN, 0)).isZero();
            return EPoll.wait(epfd, events, 1, 0) == 1;
        } finally {
            Syscalls.close(epfd);
        }
    }
}
