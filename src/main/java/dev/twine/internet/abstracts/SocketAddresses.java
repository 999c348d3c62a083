package dev.twine.internet.abstracts;

import dev.twine.internal.sys.SockAddr;
import dev.twine.internal.sys.Sockets;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.interfaces.IAddress;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Twisted's addresses ({@code "TCP"} or {@code "UDP"}) from what the kernel and the JDK report, and IP literals
 * from user text: shared by the socket transports.
 */
public final class SocketAddresses {
    private SocketAddresses() {
    }

    /** The address in a {@code sockaddr}, as {@link IPv4Address} or {@link IPv6Address} of {@code type}. */
    public static IAddress of(String type, MemorySegment sockaddr) {
        if (SockAddr.family(sockaddr) == SockAddr.AF_INET6) {
            return new IPv6Address(type, SockAddr.host(sockaddr), SockAddr.port(sockaddr),
                    SockAddr.flowInfo(sockaddr), SockAddr.scopeId(sockaddr));
        }
        return new IPv4Address(type, SockAddr.host(sockaddr), SockAddr.port(sockaddr));
    }

    /** The address of {@code address} (resolved), as {@link #of(String, MemorySegment)} would give it. */
    public static IAddress of(String type, InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address
                ? IPv6Address.of(type, address)
                : new IPv4Address(type, SockAddr.host(address.getAddress()), address.getPort());
    }

    /** The local address of socket {@code fd}, in a fresh buffer. */
    public static MemorySegment local(int fd) {
        MemorySegment buffer = SockAddr.allocateHeap();
        Sockets.getsockname(fd, buffer);
        return buffer;
    }

    /**
     * {@code text} as an IP literal, or null if it is not one (a host name): IPv6 literals may be in brackets and
     * carry a {@code %scope}. Never looks a name up.
     */
    public static InetAddress literal(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (s.indexOf(':') < 0 && !Character.isDigit(s.charAt(s.length() - 1))) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException notLiteral) {
            return null;
        }
    }
}
