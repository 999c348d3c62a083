package dev.twine.internet.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.SockAddr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Address records and their conversions to and from the JDK's socket addresses. */
@Timeout(10)
class AddressTest {
    @Test
    void ipv6TextIsTheCompressedFormTransportsReport() {
        IPv6Address a = IPv6Address.of("TCP", new InetSocketAddress("::1", 8080));
        assertThat(a.host()).isEqualTo("::1");
        assertThat(a).isEqualTo(new IPv6Address("TCP", "::1", 8080));
        assertThat(a.toInetSocketAddress()).isEqualTo(new InetSocketAddress("::1", 8080));
    }

    /**
     * {@code IPv6Address.of} writes its host in plain Java (this package must not load the syscall layer), so its
     * text must stay the syscall layer's, which the transports report from the kernel's {@code sockaddr_in6}.
     */
    @Test
    void ipv6TextIsTheSyscallLayersText() throws Exception {
        List<String> literals = List.of("::", "::1", "1::", "1:0:0:2::3", "2001:db8::1", "::ffff:127.0.0.1",
                "::127.0.0.1", "::ffff:0:127.0.0.1", "1:2:3:4:5:6:7:8", "0:0:1::", "1:0:0:1:0:0:1:0",
                "1:0:1:0:1:0:1:0", "fe80::1:0:0:1", "0:1:2:3:4:5:6:0", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7::");
        List<byte[]> addresses = new ArrayList<>();
        for (String literal : literals) {
            addresses.add(InetAddress.ofLiteral(literal).getAddress().length == 16
                    ? InetAddress.ofLiteral(literal).getAddress() : mapped(InetAddress.ofLiteral(literal).getAddress()));
        }
        Random random = new Random(13);
        for (int i = 0; i < 2000; i++) {
            byte[] a = new byte[16];
            for (int w = 0; w < 8; w++) {
                if (random.nextInt(3) != 0) { // mostly zero words, so the runs and ties of "::" are exercised
                    continue;
                }
                a[2 * w] = (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
                a[2 * w + 1] = (byte) random.nextInt(256);
            }
            if (random.nextInt(8) == 0) {
                a[10] = (byte) 0xff;
                a[11] = (byte) 0xff;
            }
            addresses.add(a);
        }
        for (byte[] a : addresses) {
            Inet6Address ip = Inet6Address.getByAddress(null, a, 0);
            assertThat(IPv6Address.of("TCP", new InetSocketAddress(ip, 1)).host()).as("%s", ip)
                    .isEqualTo(SockAddr.host(ip));
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        System.arraycopy(v4, 0, a, 12, 4);
        return a;
    }

    @Test
    void ipv4RoundTrips() {
        IPv4Address a = IPv4Address.of("UDP", new InetSocketAddress("127.0.0.1", 53));
        assertThat(a).isEqualTo(new IPv4Address("UDP", "127.0.0.1", 53));
        assertThat(a.toInetSocketAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 53));
    }

    @Test
    void badPortsAndFamiliesAreRefusedByName() {
        assertThatThrownBy(() -> new IPv4Address("TCP", "127.0.0.1", 65536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> IPv4Address.of("TCP", new InetSocketAddress("::1", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IPv6Address.of("TCP", new InetSocketAddress("127.0.0.1", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
