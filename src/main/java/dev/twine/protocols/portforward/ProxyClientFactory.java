package dev.twine.protocols.portforward;

import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.python.Failure;

/** Connects to the target for one {@link ProxyServer}: Twisted's {@code portforward.ProxyClientFactory}. */
public class ProxyClientFactory extends ClientFactory {
    private final ProxyServer server;

    public ProxyClientFactory(ProxyServer server) {
        this.server = server;
        setNoisy(false);
    }

    @Override
    public IProtocol buildProtocol(IAddress addr) {
        ProxyClient client = new ProxyClient();
        client.setPeer(server);
        client.setFactory(this);
        return client;
    }

    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        server.transport().loseConnection();
    }
}
