package dev.twine.internet.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
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
