package dev.twine.internet.address;

import dev.twine.internal.text.InetText;
import dev.twine.internet.interfaces.IAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv6 endpoint: Twisted's {@code address.IPv6Address}, with the flow information and scope id of
 * {@code sockaddr_in6}. {@code host} is a literal without brackets or zone ({@code "::1"}).
 */
public record IPv6Address(String type, String host, int port, int flowInfo, int scopeId) implements IAddress {
    public IPv6Address {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
    }

    public IPv6Address(String type, String host, int port) {
        this(type, host, port, 0, 0);
    }

    /** The same endpoint as a JDK socket address, keeping the scope id (the JDK has no flow information). */
    public InetSocketAddress toInetSocketAddress() {
        InetAddress literal = InetAddress.ofLiteral(host);
        try {
            return new InetSocketAddress(
                    scopeId == 0 ? literal : Inet6Address.getByAddress(null, literal.getAddress(), scopeId), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 16-byte address is always valid", e);
        }
    }

    /** The endpoint of {@code address}, which must hold an IPv6 address. */
    public static IPv6Address of(String type, InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet6Address v6)) {
            throw new IllegalArgumentException("not an IPv6 socket address: " + address);
        }
        // The compressed form the kernel's own inet_ntop gives ("::1"), as transports report it, not the JDK's.
        return new IPv6Address(type, InetText.ipv6(v6.getAddress()), address.getPort(), 0, v6.getScopeId());
    }

    @Override
    public String toString() {
        return "IPv6Address(" + type + ", '" + host + "', " + port + (flowInfo != 0 || scopeId != 0
                ? ", " + flowInfo + ", " + scopeId : "") + ")";
    }
}
