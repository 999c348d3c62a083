package dev.twine.internet.address;

import dev.twine.internet.interfaces.IAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An IPv4 endpoint: Twisted's {@code address.IPv4Address}. {@code type} is {@code "TCP"} or {@code "UDP"};
 * {@code host} is a dotted-quad literal.
 */
public record IPv4Address(String type, String host, int port) implements IAddress {
    public IPv4Address {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
    }

    /** The same endpoint as a JDK socket address (no lookup: {@code host} is a literal). */
    public InetSocketAddress toInetSocketAddress() {
        return new InetSocketAddress(InetAddress.ofLiteral(host), port);
    }

    /** The endpoint of {@code address}, which must hold an IPv4 address. */
    public static IPv4Address of(String type, InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("not an IPv4 socket address: " + address);
        }
        return new IPv4Address(type, v4.getHostAddress(), address.getPort());
    }

    @Override
    public String toString() {
        return "IPv4Address(" + type + ", '" + host + "', " + port + ")";
    }
}
