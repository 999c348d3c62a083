package dev.twine.internet.interfaces;

import java.net.InetSocketAddress;

/**
 * TLS servers and clients: Twisted's {@code IReactorSSL}. The same ports and connectors as TCP, with the factory's
 * protocols wrapped in a TLS layer: they see plaintext only, and their transport is an {@link ISSLTransport}.
 */
public interface IReactorSSL {
    /** Listens for TLS on {@code port} (0: any free port) of all IPv4 interfaces, with a backlog of 50. */
    default IListeningPort listenSSL(int port, IProtocolFactory factory, ITLSContextFactory contextFactory) {
        return listenSSL(port, factory, contextFactory, 50, "");
    }

    /**
     * Listens for TLS on {@code port} of {@code iface}, as {@link IReactorTCP#listenTCP} does.
     *
     * @throws dev.twine.internet.error.CannotListenError if the address is in use or cannot be bound
     */
    IListeningPort listenSSL(int port, IProtocolFactory factory, ITLSContextFactory contextFactory, int backlog,
            String iface);

    /** Connects with TLS to {@code host:port} with a 30 s timeout. */
    default IConnector connectSSL(String host, int port, IClientFactory factory, ITLSContextFactory contextFactory) {
        return connectSSL(host, port, factory, contextFactory, 30, null);
    }

    /**
     * Connects with TLS to {@code host:port}, as {@link IReactorTCP#connectTCP} does. Unless the context factory
     * names the server itself, {@code host} is the name the server's certificate is checked against.
     */
    IConnector connectSSL(String host, int port, IClientFactory factory, ITLSContextFactory contextFactory,
            double timeoutSeconds, InetSocketAddress bindAddress);
}
