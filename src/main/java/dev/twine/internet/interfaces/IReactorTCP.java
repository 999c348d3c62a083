package dev.twine.internet.interfaces;

import java.net.InetSocketAddress;

/** TCP servers and clients: Twisted's {@code IReactorTCP}. */
public interface IReactorTCP {
    /** Listens on {@code port} (0: any free port) of all IPv4 interfaces, with a backlog of 50. */
    default IListeningPort listenTCP(int port, IProtocolFactory factory) {
        return listenTCP(port, factory, 50, "");
    }

    /**
     * Listens on {@code port} of {@code iface} ({@code ""}: all IPv4 interfaces; an IPv6 literal such as {@code "::"}
     * listens on IPv6 only).
     *
     * @throws dev.twine.internet.error.CannotListenError if the address is in use or cannot be bound
     */
    IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface);

    /**
     * As {@link #listenTCP(int, IProtocolFactory, int, String)}, with {@code options} set on the socket before it
     * is bound and listens: {@code SO_REUSEPORT} (several ports on one number, the kernel spreading connections
     * among them), {@code SO_REUSEADDR} (on by default, as in Twisted), and {@code SO_RCVBUF} (accepted connections
     * inherit it, and only a size set before listening widens the window scale they offer). Any other option of a
     * TCP socket ({@link IConfigurableSocket}) may be given too; accepted connections inherit it.
     *
     * @throws UnsupportedOperationException if a TCP socket does not support one of {@code options} (checked
     *         before any socket is made)
     * @throws IllegalArgumentException if a value is out of its option's range (likewise)
     * @throws dev.twine.internet.error.CannotListenError if the address is in use or cannot be bound, or the
     *         kernel refuses an option (its {@link dev.twine.internet.error.ErrnoException} is the cause); nothing
     *         is left open
     */
    IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface, SocketOptions options);

    /** Connects to {@code host:port} with a 30 s timeout. */
    default IConnector connectTCP(String host, int port, IClientFactory factory) {
        return connectTCP(host, port, factory, 30, null);
    }

    /**
     * Connects to {@code host:port}; a host name is resolved off the reactor thread. {@code bindAddress} (or
     * null) is the local address to connect from.
     */
    IConnector connectTCP(String host, int port, IClientFactory factory, double timeoutSeconds,
            InetSocketAddress bindAddress);
}
