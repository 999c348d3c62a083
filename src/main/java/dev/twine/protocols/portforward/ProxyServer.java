package dev.twine.protocols.portforward;

import dev.twine.internet.interfaces.IReactorTCP;

/**
 * The side a client connected to: it stops reading, connects to the target, and resumes once the target is
 * reached (Twisted's {@code portforward.ProxyServer}).
 */
public class ProxyServer extends Proxy {
    @Override
    public void connectionMade() {
        tcp().pauseProducing();
        ProxyFactory factory = (ProxyFactory) factory();
        IReactorTCP reactor = factory.reactor();
        reactor.connectTCP(factory.host(), factory.port(), new ProxyClientFactory(this));
    }
}
