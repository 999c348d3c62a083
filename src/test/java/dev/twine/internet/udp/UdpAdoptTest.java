package dev.twine.internet.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.SockAddr;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.UnsupportedAddressFamily;
import dev.twine.internet.error.UnsupportedSocketType;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.testing.ResourceSnapshot;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * adoptDatagramPort: as in Twisted, the port works on its own duplicate of the descriptor, so the caller still owns
 * the one it passed (and may close it at once); bad descriptors are refused with clear errors and leak nothing.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpAdoptTest extends UdpTestBase {

    private int boundSocket(int domain, String host) {
        int fd = fixture.fds().track(Sockets.socket(domain, Sockets.SOCK_DGRAM))[0];
        Sockets.bind(fd, new InetSocketAddress(host, 0));
        return fd;
    }

    @Test
    void adoptedSocketEchoesAndTheCallerKeepsItsDescriptor() {
        int raw = boundSocket(Sockets.AF_INET, "127.0.0.1");
        int number = Sockets.getsockname(raw).getPort();
        Echo echo = new Echo();
        IListeningPort adopted = reactor().adoptDatagramPort(raw, StandardProtocolFamily.INET, echo);
        Port port = (Port) adopted;
        assertThat(port.fileno()).isNotEqualTo(raw);
        assertThat(adopted.getHost()).isEqualTo(new IPv4Address("UDP", "127.0.0.1", number));
        assertThat(echo.started).isEqualTo(1);

        // The caller closes its own descriptor at once; the port goes on with its copy.
        fixture.fds().close(raw);
        Recorder client = new Recorder();
        Port sender = listen(client);
        sender.write(new byte[] {9, 8, 7}, new InetSocketAddress("127.0.0.1", number));
        runUntil(() -> client.data.size() == 1);
        assertThat(client.data.get(0)).containsExactly(9, 8, 7);

        int copy = port.fileno();
        AtomicBoolean stopped = new AtomicBoolean();
        adopted.stopListening().addCallback(ignored -> {
            stopped.set(true);
            return null;
        });
        runUntil(stopped::get);
        assertThat(Syscalls.isOpen(copy)).isFalse();
        assertThat(echo.stopped).isEqualTo(1);
    }

    @Test
    void stoppingThePortLeavesTheCallersDescriptorOpen() {
        int raw = boundSocket(Sockets.AF_INET, "127.0.0.1");
        IListeningPort adopted = reactor().adoptDatagramPort(raw, StandardProtocolFamily.INET, new Recorder(), 100);
        AtomicBoolean stopped = new AtomicBoolean();
        adopted.stopListening().addCallback(ignored -> {
            stopped.set(true);
            return null;
        });
        runUntil(stopped::get);
        assertThat(Syscalls.isOpen(raw)).isTrue();

        // Closed, not shut down (as in Twisted): the caller's socket still receives.
        InetSocketAddress address = Sockets.getsockname(raw);
        Port sender = listen(new Recorder());
        sender.write(new byte[] {5}, address);
        byte[] buffer = new byte[16];
        int[] got = {Syscalls.WOULD_BLOCK};
        runUntil(() -> (got[0] = Sockets.recvfrom(raw, buffer, 0, buffer.length, 0,
                SockAddr.allocateHeap())) != Syscalls.WOULD_BLOCK);
        assertThat(got[0]).isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 5);
    }

    @Test
    void adoptsIpv6() {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        int raw = boundSocket(Sockets.AF_INET6, "::1");
        int number = Sockets.getsockname(raw).getPort();
        Echo echo = new Echo();
        IListeningPort adopted = reactor().adoptDatagramPort(raw, StandardProtocolFamily.INET6, echo);
        assertThat(adopted.getHost()).isEqualTo(new IPv6Address("UDP", "::1", number));
        Recorder client = new Recorder();
        Port sender = (Port) reactor().listenUDP(0, client, "::1", 8192);
        sender.write(new byte[] {6}, new InetSocketAddress("::1", number));
        runUntil(() -> client.data.size() == 1);
        assertThat(client.data.get(0)).containsExactly(6);
    }

    @Test
    void refusesBadDescriptorsWithoutLeaking() {
        int v4 = boundSocket(Sockets.AF_INET, "127.0.0.1");
        int stream = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        int[] pipe = fixture.fds().pipe();
        int closed = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_DGRAM);
        Syscalls.close(closed);
        Set<String> before = ResourceSnapshot.openFds();
        Recorder protocol = new Recorder();

        assertThatThrownBy(() -> reactor().adoptDatagramPort(v4, StandardProtocolFamily.INET6, protocol))
                .as("an AF_INET socket named INET6").isInstanceOf(UnsupportedAddressFamily.class)
                .hasMessageContaining("INET6");
        assertThatThrownBy(() -> reactor().adoptDatagramPort(v4, StandardProtocolFamily.UNIX, protocol))
                .isInstanceOf(UnsupportedAddressFamily.class).hasMessageContaining("UNIX");
        assertThatThrownBy(() -> reactor().adoptDatagramPort(stream, StandardProtocolFamily.INET, protocol))
                .as("a stream socket").isInstanceOf(UnsupportedSocketType.class)
                .hasMessageContaining("SOCK_DGRAM");
        assertThatThrownBy(() -> reactor().adoptDatagramPort(pipe[0], StandardProtocolFamily.INET, protocol))
                .as("not a socket").isInstanceOf(UnsupportedSocketType.class);
        assertThatThrownBy(() -> reactor().adoptDatagramPort(closed, StandardProtocolFamily.INET, protocol))
                .as("a closed descriptor").isInstanceOf(ErrnoException.class)
                .hasMessageContaining(String.valueOf(closed))
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EBADF));
        assertThatThrownBy(() -> reactor().adoptDatagramPort(v4, StandardProtocolFamily.INET, protocol, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPacketSize");
        assertThat(protocol.started).isZero();
        assertThat(ResourceSnapshot.openFds()).isEqualTo(before);
    }
}
