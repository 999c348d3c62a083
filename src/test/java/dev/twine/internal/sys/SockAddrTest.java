package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.linux.sockaddr_in;
import dev.twine.internal.linux.sockaddr_in6;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SockAddr} against the generated struct layouts, in native and heap memory. */
@Timeout(20)
class SockAddrTest {
    @Test
    void ipv4RoundTripsThroughTheStructLayout() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(SockAddr.STORAGE_SIZE, 8);
            out.fill((byte) 0x55);
            int length = SockAddr.encode(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0x1234), out);
            assertThat(length).isEqualTo(16).isEqualTo(SockAddr.IN_SIZE);
            assertThat(sockaddr_in.sin_family(out)).isEqualTo((short) SockAddr.AF_INET);
            // network byte order: high byte first
            assertThat(out.get(ValueLayout.JAVA_BYTE, sockaddr_in.sin_port$offset())).isEqualTo((byte) 0x12);
            assertThat(out.get(ValueLayout.JAVA_BYTE, sockaddr_in.sin_port$offset() + 1)).isEqualTo((byte) 0x34);
            assertThat(out.get(ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), sockaddr_in.sin_addr$offset()))
                    .isEqualTo(0x7F000001);
            assertThat(out.get(ValueLayout.JAVA_LONG, sockaddr_in.sin_zero$offset())).as("sin_zero").isZero();

            InetSocketAddress back = SockAddr.decode(out);
            assertThat(back.getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(back.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(back.getPort()).isEqualTo(0x1234);
            assertThat(SockAddr.host(out)).isEqualTo("127.0.0.1");
            assertThat(SockAddr.port(out)).isEqualTo(0x1234);
        }
    }

    @Test
    void ipv6KeepsFlowInfoAndScopeId() throws Exception {
        MemorySegment out = SockAddr.allocateHeap();
        Inet6Address ip = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);
        int length = SockAddr.encode(ip, 65535, 0xABCDE, out);
        assertThat(length).isEqualTo(28).isEqualTo(SockAddr.IN6_SIZE);
        assertThat(out.get(ValueLayout.JAVA_SHORT_UNALIGNED, sockaddr_in6.sin6_family$offset()))
                .isEqualTo((short) SockAddr.AF_INET6);
        assertThat(out.get(ValueLayout.JAVA_INT_UNALIGNED, sockaddr_in6.sin6_scope_id$offset())).isEqualTo(3);
        assertThat(out.get(ValueLayout.JAVA_BYTE, sockaddr_in6.sin6_addr$offset())).isEqualTo((byte) 0xfe);

        assertThat(SockAddr.flowInfo(out)).isEqualTo(0xABCDE);
        assertThat(SockAddr.scopeId(out)).isEqualTo(3);
        assertThat(SockAddr.port(out)).isEqualTo(65535);
        assertThat(SockAddr.host(out)).isEqualTo("fe80::1");
        InetSocketAddress back = SockAddr.decode(out);
        assertThat(((Inet6Address) back.getAddress()).getScopeId()).isEqualTo(3);
        assertThat(back.getAddress().getAddress()).isEqualTo(ip.getAddress());
    }

    @Test
    void ipv6TextIsWhatInetNtopWrites() throws Exception {
        assertThat(text("::1")).isEqualTo("::1");
        assertThat(text("::")).isEqualTo("::");
        assertThat(text("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("2001:db8:0:1:1:1:1:1")).as("one zero word stays").isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("1::")).isEqualTo("1::");
        assertThat(text("::ffff:127.0.0.1")).isEqualTo("::ffff:127.0.0.1");
        assertThat(SockAddr.host(InetAddress.getByName("127.3.2.1"))).isEqualTo("127.3.2.1");
    }

    private static String text(String literal) throws Exception {
        byte[] bytes = literal.contains(".") ? mapped(literal) : InetAddress.getByName(literal).getAddress();
        MemorySegment out = SockAddr.allocateHeap();
        SockAddr.encode(Inet6Address.getByAddress(null, bytes, -1), 1, 0, out);
        return SockAddr.host(out);
    }

    private static byte[] mapped(String literal) throws Exception {
        byte[] v4 = InetAddress.getByName(literal.substring(literal.lastIndexOf(':') + 1)).getAddress();
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(v4, 0, bytes, 12, 4);
        return bytes;
    }

    @Test
    void decodingIPv4MappedStaysIPv6() throws Exception {
        MemorySegment out = SockAddr.allocateHeap();
        SockAddr.encode(Inet6Address.getByAddress(null, mapped("::ffff:127.0.0.1"), -1), 80, 0, out);
        assertThat(SockAddr.address(out)).isInstanceOf(Inet6Address.class);
    }

    @Test
    void otherFamiliesAndBadPortsAreRefused() {
        MemorySegment out = SockAddr.allocateHeap();
        out.set(ValueLayout.JAVA_SHORT, 0, (short) Sockets.AF_UNIX);
        assertThatThrownBy(() -> SockAddr.decode(out)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SockAddr.encode(InetAddress.getLoopbackAddress(), 70000, 0, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SockAddr.encode(InetSocketAddress.createUnresolved("localhost", 1), out))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
