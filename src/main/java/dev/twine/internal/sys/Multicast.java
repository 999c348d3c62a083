package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The multicast socket options, whose values are structs ({@code ip_mreq}, {@code ipv6_mreq}, {@code in_addr})
 * rather than the plain ints {@link Sockets#setsockopt} takes. Errors raise
 * {@link dev.twine.internet.error.ErrnoException} naming the option.
 */
public final class Multicast {
    public static final int IPPROTO_IP = LibC.IPPROTO_IP();
    public static final int IP_MULTICAST_TTL = LibC.IP_MULTICAST_TTL();
    public static final int IP_MULTICAST_LOOP = LibC.IP_MULTICAST_LOOP();
    public static final int IPV6_MULTICAST_HOPS = LibC.IPV6_MULTICAST_HOPS();
    public static final int IPV6_MULTICAST_LOOP = LibC.IPV6_MULTICAST_LOOP();
    public static final int IPV6_MULTICAST_IF = LibC.IPV6_MULTICAST_IF();
    public static final int SO_REUSEPORT = LibC.SO_REUSEPORT();
    /** Off: a socket gets only the groups it joined itself, not every group any socket on the host joined. */
    public static final int IP_MULTICAST_ALL = LibC.IP_MULTICAST_ALL();
    public static final int IPV6_MULTICAST_ALL = LibC.IPV6_MULTICAST_ALL();

    private static final MethodHandle SETSOCKOPT =
            Handles.nonBlocking(LibC.setsockopt$address(), LibC.setsockopt$descriptor());
    private static final MethodHandle GETSOCKOPT =
            Handles.nonBlocking(LibC.getsockopt$address(), LibC.getsockopt$descriptor());
    private static final MethodHandle IF_NAMETOINDEX =
            Handles.nonBlocking(LibC.if_nametoindex$address(), LibC.if_nametoindex$descriptor());

    private Multicast() {
    }

    /**
     * Joins ({@code join}) or leaves multicast {@code group} on socket {@code fd}: for IPv4 on the interface with
     * address {@code ipv4Interface} (null: the kernel's choice), for IPv6 on interface index {@code ipv6Index}
     * (0: the kernel's choice).
     */
    public static void membership(int fd, InetAddress group, InetAddress ipv4Interface, int ipv6Index,
            boolean join) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment value = frame.scratch;
        if (group instanceof Inet4Address) {
            MemorySegment.copy(group.getAddress(), 0, value, ValueLayout.JAVA_BYTE, 0, 4);
            byte[] iface = ipv4Interface == null ? new byte[4] : ipv4Interface.getAddress();
            MemorySegment.copy(iface, 0, value, ValueLayout.JAVA_BYTE, 4, 4);
            set(frame, fd, IPPROTO_IP, join ? LibC.IP_ADD_MEMBERSHIP() : LibC.IP_DROP_MEMBERSHIP(), 8,
                    join ? "IP_ADD_MEMBERSHIP" : "IP_DROP_MEMBERSHIP");
        } else {
            MemorySegment.copy(group.getAddress(), 0, value, ValueLayout.JAVA_BYTE, 0, 16);
            value.set(ValueLayout.JAVA_INT, 16, ipv6Index);
            set(frame, fd, Sockets.IPPROTO_IPV6, join ? LibC.IPV6_ADD_MEMBERSHIP() : LibC.IPV6_DROP_MEMBERSHIP(),
                    20, join ? "IPV6_ADD_MEMBERSHIP" : "IPV6_DROP_MEMBERSHIP");
        }
    }

    /** Sends IPv4 multicast out of the interface with address {@code address} ({@code IP_MULTICAST_IF}). */
    public static void setInterface(int fd, Inet4Address address) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment.copy(address.getAddress(), 0, frame.scratch, ValueLayout.JAVA_BYTE, 0, 4);
        set(frame, fd, IPPROTO_IP, LibC.IP_MULTICAST_IF(), 4, "IP_MULTICAST_IF");
    }

    /** The address of the interface IPv4 multicast leaves by ({@code 0.0.0.0}: the kernel's choice). */
    public static Inet4Address getInterface(int fd) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment length = frame.scratch.asSlice(16, 4);
        length.set(ValueLayout.JAVA_INT, 0, 4);
        int rc;
        try {
            rc = (int) GETSOCKOPT.invokeExact(frame.errnoState, fd, IPPROTO_IP, LibC.IP_MULTICAST_IF(),
                    frame.scratch, length);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "getsockopt(IP_MULTICAST_IF)");
        byte[] bytes = new byte[4];
        MemorySegment.copy(frame.scratch, ValueLayout.JAVA_BYTE, 0, bytes, 0, 4);
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** The index of the network interface called {@code name}, or 0 if there is none. */
    public static int interfaceIndex(String name) {
        ThreadFrame frame = ThreadFrame.current();
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (bytes.length >= 64) {
            return 0;
        }
        MemorySegment text = frame.scratch.asSlice(0, bytes.length + 1);
        MemorySegment.copy(bytes, 0, text, ValueLayout.JAVA_BYTE, 0, bytes.length);
        text.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        try {
            return (int) IF_NAMETOINDEX.invokeExact(frame.errnoState, text);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** Whether {@code address} is a multicast group of either family. */
    public static boolean isGroup(InetAddress address) {
        return address.isMulticastAddress() && (address instanceof Inet4Address || address instanceof Inet6Address);
    }

    private static void set(ThreadFrame frame, int fd, int level, int option, int length, String name) {
        int rc;
        try {
            rc = (int) SETSOCKOPT.invokeExact(frame.errnoState, fd, level, option, frame.scratch, length);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "setsockopt", name);
    }
}
