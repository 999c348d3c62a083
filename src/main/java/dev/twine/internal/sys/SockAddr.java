package dev.twine.internal.sys;

import dev.twine.internal.text.InetText;
import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.sockaddr_in;
import dev.twine.internal.linux.sockaddr_in6;
import dev.twine.internal.linux.sockaddr_storage;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * {@code sockaddr_in} and {@code sockaddr_in6} in memory, to and from {@link InetSocketAddress}. Accesses are
 * unaligned so the buffer may be any segment, native or heap (a heap buffer lets a listening port keep one for
 * {@code accept} without holding native memory). The port is in network byte order; IPv6 keeps its flow
 * information and scope id, which the JDK's address classes carry only in part (no flow information).
 */
public final class SockAddr {
    public static final int AF_INET = LibC.AF_INET();
    public static final int AF_INET6 = LibC.AF_INET6();
    /** Bytes that hold any socket address: {@code sizeof(struct sockaddr_storage)}. */
    public static final int STORAGE_SIZE = (int) sockaddr_storage.layout().byteSize();
    public static final int IN_SIZE = (int) sockaddr_in.layout().byteSize();
    public static final int IN6_SIZE = (int) sockaddr_in6.layout().byteSize();

    private static final ValueLayout.OfShort FAMILY = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final long FAMILY_OFFSET = sockaddr_storage.ss_family$offset();
    private static final long IN_PORT = sockaddr_in.sin_port$offset();
    private static final long IN_ADDR = sockaddr_in.sin_addr$offset();
    private static final long IN6_PORT = sockaddr_in6.sin6_port$offset();
    private static final long IN6_FLOWINFO = sockaddr_in6.sin6_flowinfo$offset();
    private static final long IN6_ADDR = sockaddr_in6.sin6_addr$offset();
    private static final long IN6_SCOPE_ID = sockaddr_in6.sin6_scope_id$offset();

    private SockAddr() {
    }

    /** A {@link #STORAGE_SIZE}-byte buffer on the heap (8-byte aligned), for {@link Sockets#accept}. */
    public static MemorySegment allocateHeap() {
        return MemorySegment.ofArray(new long[(STORAGE_SIZE + 7) / 8]);
    }

    /** Writes {@code address} (resolved) into {@code out}; returns the length to pass to the kernel. */
    public static int encode(InetSocketAddress address, MemorySegment out) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved socket address: " + address);
        }
        return encode(ip, address.getPort(), 0, out);
    }

    /**
     * Writes {@code ip} and {@code port} into {@code out}, with {@code flowInfo} (IPv6 only; the scope id comes
     * from the {@link Inet6Address}). Returns the length to pass to the kernel.
     */
    public static int encode(InetAddress ip, int port, int flowInfo, MemorySegment out) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (ip instanceof Inet4Address) {
            out.asSlice(0, IN_SIZE).fill((byte) 0);
            out.set(FAMILY, FAMILY_OFFSET, (short) AF_INET);
            out.set(PORT, IN_PORT, (short) port);
            MemorySegment.copy(ip.getAddress(), 0, out, ValueLayout.JAVA_BYTE, IN_ADDR, 4);
            return IN_SIZE;
        }
        Inet6Address v6 = (Inet6Address) ip;
        out.asSlice(0, IN6_SIZE).fill((byte) 0);
        out.set(FAMILY, FAMILY_OFFSET, (short) AF_INET6);
        out.set(PORT, IN6_PORT, (short) port);
        out.set(INT.withOrder(ByteOrder.BIG_ENDIAN), IN6_FLOWINFO, flowInfo);
        MemorySegment.copy(v6.getAddress(), 0, out, ValueLayout.JAVA_BYTE, IN6_ADDR, 16);
        out.set(INT, IN6_SCOPE_ID, v6.getScopeId());
        return IN6_SIZE;
    }

    /** The address family ({@link #AF_INET}, {@link #AF_INET6}...). */
    public static int family(MemorySegment in) {
        return in.get(FAMILY, FAMILY_OFFSET);
    }

    /** The port of an IPv4 or IPv6 address. */
    public static int port(MemorySegment in) {
        return Short.toUnsignedInt(in.get(PORT, family(in) == AF_INET6 ? IN6_PORT : IN_PORT));
    }

    /** The flow information of an IPv6 address (kept in network byte order by the kernel); 0 for IPv4. */
    public static int flowInfo(MemorySegment in) {
        return family(in) == AF_INET6 ? in.get(INT.withOrder(ByteOrder.BIG_ENDIAN), IN6_FLOWINFO) : 0;
    }

    /** The scope id of an IPv6 address; 0 for IPv4. */
    public static int scopeId(MemorySegment in) {
        return family(in) == AF_INET6 ? in.get(INT, IN6_SCOPE_ID) : 0;
    }

    /** The IP address; an IPv6 one keeps its scope id (and stays IPv6 even when IPv4-mapped). */
    public static InetAddress address(MemorySegment in) {
        int family = family(in);
        try {
            if (family == AF_INET) {
                byte[] bytes = new byte[4];
                MemorySegment.copy(in, ValueLayout.JAVA_BYTE, IN_ADDR, bytes, 0, 4);
                return InetAddress.getByAddress(bytes);
            }
            if (family == AF_INET6) {
                byte[] bytes = new byte[16];
                MemorySegment.copy(in, ValueLayout.JAVA_BYTE, IN6_ADDR, bytes, 0, 16);
                int scope = in.get(INT, IN6_SCOPE_ID);
                // A negative scope leaves it unset: "::1", not "::1%0".
                return Inet6Address.getByAddress(null, bytes, scope == 0 ? -1 : scope);
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of the right length is always valid", e);
        }
        throw new IllegalArgumentException("not an AF_INET or AF_INET6 address (family " + family + ")");
    }

    /**
     * The address as text, the way {@code inet_ntop} writes it ({@code "127.0.0.1"}, {@code "::1"},
     * {@code "::ffff:10.0.0.1"}), without a scope: what Twisted's addresses hold.
     */
    public static String host(MemorySegment in) {
        int family = family(in);
        if (family == AF_INET) {
            return dotted(in, IN_ADDR);
        }
        if (family == AF_INET6) {
            return ipv6Text(in, IN6_ADDR);
        }
        throw new IllegalArgumentException("not an AF_INET or AF_INET6 address (family " + family + ")");
    }

    /** {@code ip} as {@link #host(MemorySegment)} writes it. */
    public static String host(InetAddress ip) {
        byte[] bytes = ip.getAddress();
        MemorySegment in = MemorySegment.ofArray(bytes);
        return bytes.length == 4 ? dotted(in, 0) : ipv6Text(in, 0);
    }

    private static String dotted(MemorySegment in, long at) {
        return Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, at)) + "."
                + Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, at + 1)) + "."
                + Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, at + 2)) + "."
                + Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, at + 3));
    }

    private static String ipv6Text(MemorySegment in, long at) {
        return InetText.ipv6(in.asSlice(at, 16).toArray(ValueLayout.JAVA_BYTE));
    }

    /** The socket address (no name lookup). */
    public static InetSocketAddress decode(MemorySegment in) {
        return new InetSocketAddress(address(in), port(in));
    }
}
