package dev.twine.internet.interfaces;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;

/**
 * The TCP transport as a service (found with {@link java.util.ServiceLoader}), so the reactor core offers
 * {@link IReactorTCP} without importing the transport package above it.
 */
public interface ITCPProvider {
    IListeningPort listenTCP(IReactor reactor, int port, IProtocolFactory factory, int backlog, String iface,
            SocketOptions options);

    IConnector connectTCP(IReactor reactor, String host, int port, IClientFactory factory, double timeoutSeconds,
            InetSocketAddress bindAddress);

    IListeningPort adoptStreamPort(IReactor reactor, int fd, ProtocolFamily family, IProtocolFactory factory);

    void adoptStreamConnection(IReactor reactor, int fd, ProtocolFamily family, IProtocolFactory factory);
}
