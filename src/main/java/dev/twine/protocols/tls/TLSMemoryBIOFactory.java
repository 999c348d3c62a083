package dev.twine.protocols.tls;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.ITLSContextFactory;
import dev.twine.python.Failure;
import java.util.Objects;

/**
 * A factory whose protocols run over TLS: Twisted's {@code TLSMemoryBIOFactory}, a wrapping factory. Each
 * protocol the wrapped factory builds gets a {@link TLSMemoryBIOProtocol} with a new engine from the context
 * factory; the client hooks pass through to the wrapped factory when it has them.
 */
public final class TLSMemoryBIOFactory implements IClientFactory {
    private final IReactor reactor;
    private final ITLSContextFactory contextFactory;
    private final String peerHost;
    private final IProtocolFactory wrapped;
    /** A connector has one connection at a time: its TLS layer, whose reason the client hooks pass on. */
    private TLSMemoryBIOProtocol lastBuilt;

    /**
     * Wraps {@code wrapped}'s protocols in TLS made by {@code contextFactory}. {@code peerHost} is the host a
     * client connects to (the name the context factory checks unless it names one itself), or null to use the
     * peer's address.
     */
    public TLSMemoryBIOFactory(IReactor reactor, ITLSContextFactory contextFactory, String peerHost,
            IProtocolFactory wrapped) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.contextFactory = Objects.requireNonNull(contextFactory, "contextFactory");
        this.peerHost = peerHost;
        this.wrapped = Objects.requireNonNull(wrapped, "factory");
    }

    /** The factory whose protocols this one wraps. */
    public IProtocolFactory wrappedFactory() {
        return wrapped;
    }

    @Override
    public IProtocol buildProtocol(IAddress addr) {
        IProtocol protocol = wrapped.buildProtocol(addr);
        if (protocol == null) {
            return null;
        }
        String host = peerHost != null ? peerHost : hostOf(addr);
        TLSMemoryBIOProtocol layer = new TLSMemoryBIOProtocol(reactor, protocol,
                contextFactory.createEngine(host, portOf(addr)), contextFactory.handshakeTimeout(),
                contextFactory.allowsClientRenegotiation());
        lastBuilt = layer;
        return layer;
    }

    static String hostOf(IAddress addr) {
        if (addr instanceof IPv4Address v4) {
            return v4.host();
        }
        if (addr instanceof IPv6Address v6) {
            return v6.host();
        }
        return null;
    }

    static int portOf(IAddress addr) {
        if (addr instanceof IPv4Address v4) {
            return v4.port();
        }
        if (addr instanceof IPv6Address v6) {
            return v6.port();
        }
        return -1;
    }

    @Override
    public void doStart() {
        wrapped.doStart();
    }

    @Override
    public void doStop() {
        wrapped.doStop();
    }

    @Override
    public void startedConnecting(IConnector connector) {
        if (wrapped instanceof IClientFactory client) {
            client.startedConnecting(connector);
        }
    }

    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        if (wrapped instanceof IClientFactory client) {
            client.clientConnectionFailed(connector, reason);
        }
    }

    @Override
    public void clientConnectionLost(IConnector connector, Failure reason) {
        if (wrapped instanceof IClientFactory client) {
            client.clientConnectionLost(connector, tlsReason(reason));
        }
    }

    /** The reason the protocol was told (a TLSError, a truncation...) rather than the TCP connection's. */
    private Failure tlsReason(Failure reason) {
        TLSMemoryBIOProtocol layer = lastBuilt;
        Failure told = layer == null ? null : layer.toldReason();
        return told != null ? told : reason;
    }

    @Override
    public String toString() {
        return "TLSMemoryBIOFactory[" + wrapped + "]";
    }
}
