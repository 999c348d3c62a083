package dev.twine.internet.udp;

import static java.net.StandardSocketOptions.IP_MULTICAST_LOOP;
import static java.net.StandardSocketOptions.IP_MULTICAST_TTL;
import static java.net.StandardSocketOptions.IP_TOS;
import static java.net.StandardSocketOptions.SO_BROADCAST;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_REUSEADDR;
import static java.net.StandardSocketOptions.SO_REUSEPORT;
import static java.net.StandardSocketOptions.SO_SNDBUF;
import static java.net.StandardSocketOptions.TCP_NODELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twine.internal.sys.Multicast;
import dev.twine.internal.sys.Sockets;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IMulticastTransport;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.interfaces.LinuxSocketOptions;
import dev.twine.internet.interfaces.SocketOptions;
import dev.twine.testing.ChildJvm;
import dev.twine.testing.NetCore;
import java.io.IOException;
import java.net.SocketOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The typed socket options of UDP ports, set and read back on real loopback sockets. */
@Timeout(30)
class UdpSocketOptionsTest extends UdpTestBase {
    static final Set<SocketOption<?>> UDP_OPTIONS = Set.of(SO_RCVBUF, SO_SNDBUF, LinuxSocketOptions.SO_RCVBUFFORCE,
            LinuxSocketOptions.SO_SNDBUFFORCE, SO_REUSEADDR, SO_REUSEPORT, SO_BROADCAST, IP_TOS, IP_MULTICAST_TTL,
            IP_MULTICAST_LOOP);

    @Test
    void everyOptionReadsBackWhatWasSet() {
        Port port = listen(new Recorder());
        assertThat(port.supportedOptions()).isEqualTo(UDP_OPTIONS);
        int asked = 4 << 20;
        port.setOption(SO_RCVBUF, asked);
        assertThat(port.getOption(SO_RCVBUF)).as("capped at net.core.rmem_max, then doubled")
                .isEqualTo(2 * Math.min(asked, NetCore.rmemMax()));
        port.setOption(SO_SNDBUF, 1 << 20);
        assertThat(port.getOption(SO_SNDBUF)).isEqualTo(2 * Math.min(1 << 20, NetCore.wmemMax()));
        port.setOption(SO_BROADCAST, true);
        assertThat(port.getOption(SO_BROADCAST)).isTrue();
        assertThat(port.getBroadcastAllowed()).as("Twisted's name for it").isTrue();
        port.setOption(IP_TOS, 0xb8);
        assertThat(port.getOption(IP_TOS)).isEqualTo(0xb8);
        port.setOption(IP_MULTICAST_TTL, 7);
        assertThat(port.getOption(IP_MULTICAST_TTL)).isEqualTo(7);
        port.setOption(IP_MULTICAST_LOOP, false);
        assertThat(port.getOption(IP_MULTICAST_LOOP)).isFalse();
        port.setOption(SO_REUSEADDR, true);
        assertThat(port.getOption(SO_REUSEADDR)).isTrue();
        assertThat(port.getOption(SO_REUSEPORT)).isFalse();
    }

    @Test
    void anIpv6PortMapsTosAndTtlToItsOwnOptions() {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        Port port = (Port) reactor().listenUDP(0, new Recorder(), "::1", 8192);
        port.setOption(IP_TOS, 0x28);
        port.setOption(IP_MULTICAST_TTL, 9);
        port.setOption(IP_MULTICAST_LOOP, false);
        assertThat(port.getOption(IP_TOS)).isEqualTo(0x28);
        assertThat(port.getOption(IP_MULTICAST_TTL)).isEqualTo(9);
        assertThat(port.getOption(IP_MULTICAST_LOOP)).isFalse();
        int fd = port.fileno();
        assertThat(Sockets.getsockopt(fd, Sockets.IPPROTO_IPV6, Sockets.IPV6_TCLASS)).isEqualTo(0x28);
        assertThat(Sockets.getsockopt(fd, Sockets.IPPROTO_IPV6, Multicast.IPV6_MULTICAST_HOPS)).isEqualTo(9);
    }

    @Test
    void aMulticastPortsTtlIsTheSameOptionEitherWay() {
        IMulticastTransport port = reactor().listenMulticast(0, new Recorder(), "127.0.0.1", 8192, false);
        port.setOption(IP_MULTICAST_TTL, 3);
        assertThat(port.getTTL()).isEqualTo(3);
        port.setLoopbackMode(false);
        assertThat(port.getOption(IP_MULTICAST_LOOP)).isFalse();
    }

    @Test
    void optionsGivenToListenUdpAreSetBeforeBinding() {
        int asked = 4 << 20;
        Recorder receiver = new Recorder();
        IUDPTransport port = reactor().listenUDP(0, receiver, "127.0.0.1", 8192,
                SocketOptions.of(SO_RCVBUF, asked).with(SO_REUSEPORT, true));
        assertThat(port.getOption(SO_RCVBUF)).isEqualTo(2 * Math.min(asked, NetCore.rmemMax()));
        assertThat(port.getOption(SO_REUSEPORT)).isTrue();
        assertThat(receiver.started).isEqualTo(1);
    }

    @Test
    void soReusePortLetsTwoPortsBindOneNumber() {
        SocketOptions reuse = SocketOptions.of(SO_REUSEPORT, true);
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        Port a = (Port) reactor().listenUDP(0, first, "127.0.0.1", 8192, reuse);
        Port b = (Port) reactor().listenUDP(a.realPort(), second, "127.0.0.1", 8192, reuse);
        assertThat(b.realPort()).isEqualTo(a.realPort());

        Recorder third = new Recorder();
        assertThatThrownBy(() -> reactor().listenUDP(a.realPort(), third, "127.0.0.1", 8192))
                .isInstanceOfSatisfying(CannotListenError.class, e -> assertThat(e.getCause())
                        .isInstanceOfSatisfying(ErrnoException.class,
                                c -> assertThat(c.errnoName()).isEqualTo("EADDRINUSE")));
        assertThat(third.started).isZero();

        Port sender = listen(new Recorder());
        sender.write(new byte[] {42}, local(a));
        runUntil(() -> first.data.size() + second.data.size() == 1);
    }

    @Test
    void badOptionsToListenUdpFailBeforeAnySocketIsMade() {
        Recorder protocol = new Recorder();
        assertThatThrownBy(() -> reactor().listenUDP(0, protocol, "127.0.0.1", 8192,
                SocketOptions.of(TCP_NODELAY, true)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("TCP_NODELAY");
        assertThatThrownBy(() -> reactor().listenUDP(0, protocol, "127.0.0.1", 8192,
                SocketOptions.of(IP_MULTICAST_TTL, 256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..255");
        assertThatThrownBy(() -> reactor().listenUDP(0, protocol, "127.0.0.1", 8192,
                SocketOptions.of(SO_RCVBUF, -4096)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(protocol.started).as("never started; the fixture checks no descriptor is left").isZero();
    }

    @Test
    void aClosedPortRefusesOptions() {
        Port port = listen(new Recorder());
        port.stopListening();
        runUntil(() -> port.realPort() == 0);
        assertThatThrownBy(() -> port.setOption(SO_RCVBUF, 1 << 20)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> port.getOption(SO_RCVBUF)).isInstanceOf(IllegalStateException.class);
    }

    /** The kernel's refusal is a CannotListenError whose cause names the option; nothing is left open. */
    @Test
    void withoutCapNetAdminSoRcvBufForceIsRefusedWithEperm() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv to drop CAP_NET_ADMIN");
        List<String> withoutNetAdmin = NetCore.hasNetAdmin()
                ? List.of("/usr/bin/setpriv", "--inh-caps=-net_admin", "--bounding-set=-net_admin")
                : List.of();
        Process child = ChildJvm.start(withoutNetAdmin, ForceWithoutNetAdmin.class);
        try {
            child.getOutputStream().close();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child finished").isTrue();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).contains("outcome=setsockopt(SO_RCVBUFFORCE) EPERM").contains("started=0");
            String before = output.replaceAll("(?s).*fdsBefore=(\\d+).*", "$1");
            String after = output.replaceAll("(?s).*fdsAfter=(\\d+).*", "$1");
            assertThat(after).as("descriptors open after the refusal").isEqualTo(before);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withCapNetAdminSoRcvBufForcePassesTheRmemMaxCap() {
        assumeTrue(NetCore.hasNetAdmin(), "no CAP_NET_ADMIN here");
        int asked = 2 * NetCore.rmemMax();
        Port port = (Port) reactor().listenUDP(0, new Recorder(), "127.0.0.1", 8192,
                SocketOptions.of(LinuxSocketOptions.SO_RCVBUFFORCE, asked));
        assertThat(port.getOption(SO_RCVBUF)).isEqualTo(2 * asked);
        port.setOption(LinuxSocketOptions.SO_SNDBUFFORCE, 2 * NetCore.wmemMax());
        assertThat(port.getOption(LinuxSocketOptions.SO_SNDBUFFORCE)).isEqualTo(4 * NetCore.wmemMax());
    }
}
