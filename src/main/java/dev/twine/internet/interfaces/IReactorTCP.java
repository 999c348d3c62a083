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
