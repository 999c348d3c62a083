package dev.twine.internet.tcp;

import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IReactor;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An outgoing TCP connection, made and remade: Twisted's {@code tcp.Connector}. Each attempt is a {@link Client} to
 * a host (a name or an address literal) and port, from {@code bindAddress} when one is given; the life cycle is
 * {@link BaseConnector}'s.
 */
public final class Connector extends BaseConnector {
    private final String host;
    private final int port;
    private final InetSocketAddress bindAddress;

    Connector(IReactor reactor, String host, int port, IClientFactory factory,
            double timeoutSeconds, InetSocketAddress bindAddress) {
        super(reactor, factory, timeoutSeconds);
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        this.port = port;
        this.bindAddress = bindAddress;
    }

    @Override
    protected BaseClient makeTransport() {
        return new Client(reactor, host, port, bindAddress, this);
    }

    @Override
    protected String describeDestination() {
        return host + " port " + port;
    }

    @Override
    public IAddress getDestination() {
        InetAddress literal = SocketAddresses.literal(host);
        if (literal instanceof Inet6Address) {
            return new IPv6Address("TCP", host, port);
        }
        return new IPv4Address("TCP", host, port);
    }

    /** The current attempt's or connection's transport, or null. */
    @Override
    public Client transport() {
        return (Client) super.transport();
    }
}
