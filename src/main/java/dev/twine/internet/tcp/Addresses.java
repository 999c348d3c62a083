package dev.twine.internet.tcp;

import dev.twine.internal.sys.SockAddr;
import dev.twine.internal.sys.Sockets;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.interfaces.IAddress;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Twisted's TCP addresses from what the kernel and the JDK report. */
final class Addresses {
    private Addresses() {
    }

    /** The address in a {@code sockaddr}, as {@link IPv4Address} or {@link IPv6Address} of type "TCP". */
    static IAddress of(MemorySegment sockaddr) {
        if (SockAddr.family(sockaddr) == SockAddr.AF_INET6) {
            return new IPv6Address("TCP", SockAddr.host(sockaddr), SockAddr.port(sockaddr),
                    SockAddr.flowInfo(sockaddr), SockAddr.scopeId(sockaddr));
        }
        return new IPv4Address("TCP", SockAddr.host(sockaddr), SockAddr.port(sockaddr));
    }

    /** The address of {@code address} (resolved), as {@link #of(MemorySegment)} would give it. */
    static IAddress of(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address
                ? IPv6Address.of("TCP", address)
                : new IPv4Address("TCP", SockAddr.host(address.getAddress()), address.getPort());
    }

    /** The local address of socket {@code fd}. */
    static IAddress host(int fd) {
        MemorySegment buffer = SockAddr.allocateHeap();
        Sockets.getsockname(fd, buffer);
        return of(buffer);
    }

    /**
     * {@code text} as an IP literal, or null if it is not one (a host name): IPv6 literals may be in brackets and
     * carry a {@code %scope}. Never looks a name up.
     */
    static InetAddress literal(String text) {
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
