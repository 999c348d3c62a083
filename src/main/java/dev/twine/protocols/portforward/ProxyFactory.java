package dev.twine.protocols.portforward;

import dev.twine.internet.interfaces.IReactorTCP;
import dev.twine.internet.protocol.Factory;

/**
 * Forwards every connection it accepts to {@code host:port}: Twisted's {@code portforward.ProxyFactory}, with the
 * reactor passed in instead of taken from a global.
 */
public class ProxyFactory extends Factory {
    private final IReactorTCP reactor;
    private final String host;
    private final int port;

    public ProxyFactory(IReactorTCP reactor, String host, int port) {
        this.reactor = reactor;
        this.host = host;
        this.port = port;
        setProtocol(ProxyServer::new);
    }

    public IReactorTCP reactor() {
        return reactor;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
