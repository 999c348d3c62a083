package dev.twine.protocols.tls;

import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.ISSLProvider;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.interfaces.ITLSContextFactory;
import dev.twine.internet.interfaces.ITLSLayer;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * TLS for the reactor, found as a service ({@code provides ISSLProvider with SSLProvider}): as in Twisted,
 * {@code listenSSL} and {@code connectSSL} are {@code listenTCP} and {@code connectTCP} with the factory wrapped in
 * a {@link TLSMemoryBIOFactory}, and {@code startTLS} puts a {@link TLSMemoryBIOProtocol} under a live protocol.
 */
public final class SSLProvider implements ISSLProvider {
    /** For {@link java.util.ServiceLoader}. */
    public SSLProvider() {
    }

    @Override
    public IListeningPort listenSSL(IReactor reactor, int port, IProtocolFactory factory,
            ITLSContextFactory contextFactory, int backlog, String iface) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(contextFactory, "contextFactory");
        return reactor.listenTCP(port, new TLSMemoryBIOFactory(reactor, contextFactory, null, factory), backlog,
                iface);
    }

    @Override
    public IConnector connectSSL(IReactor reactor, String host, int port, IClientFactory factory,
            ITLSContextFactory contextFactory, double timeoutSeconds, InetSocketAddress bindAddress) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(contextFactory, "contextFactory");
        return reactor.connectTCP(host, port, new TLSMemoryBIOFactory(reactor, contextFactory, host, factory),
                timeoutSeconds, bindAddress);
    }

    @Override
    public ITLSLayer startTLS(IReactor reactor, ITCPTransport bypass, IProtocol protocol,
            ITLSContextFactory contextFactory) {
        Objects.requireNonNull(contextFactory, "contextFactory");
        var peer = bypass.getPeer();
        TLSMemoryBIOProtocol layer = new TLSMemoryBIOProtocol(reactor, protocol,
                contextFactory.createEngine(TLSMemoryBIOFactory.hostOf(peer), TLSMemoryBIOFactory.portOf(peer)),
                contextFactory.handshakeTimeout(), contextFactory.allowsClientRenegotiation());
        layer.attach(bypass);
        return layer;
    }
}
