package dev.twine.internet.interfaces;

import java.net.InetSocketAddress;
import java.util.ServiceLoader;

/**
 * The TLS layer as a service (found with {@link ServiceLoader}), so that the reactor core offers
 * {@link IReactorSSL} and TCP offers {@link ITLSTransport#startTLS} without importing the layer above them.
 */
public interface ISSLProvider {
    IListeningPort listenSSL(IReactor reactor, int port, IProtocolFactory factory, ITLSContextFactory contextFactory,
            int backlog, String iface);

    IConnector connectSSL(IReactor reactor, String host, int port, IClientFactory factory,
            ITLSContextFactory contextFactory, double timeoutSeconds, InetSocketAddress bindAddress);

    /**
     * Starts TLS on a live connection: returns the TLS layer, already driving {@code bypass} (the connection's
     * own, unencrypted side), for the connection to hand its reads to and to pass its protocol's writes through.
     * {@code protocol}, already connected, goes on receiving the plaintext.
     */
    ITLSLayer startTLS(IReactor reactor, ITCPTransport bypass, IProtocol protocol,
            ITLSContextFactory contextFactory);
}
