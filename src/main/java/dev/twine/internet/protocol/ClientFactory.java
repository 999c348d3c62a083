package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.python.Failure;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Factory} for outgoing connections, whose hooks do nothing until overridden: Twisted's
 * {@code protocol.ClientFactory}. Unlike a server, a client has to hear about attempts that never produce a
 * protocol (refused, timed out, host not found), and wants a place to decide whether to try again; these hooks are
 * that place, and each gets the connector so that {@code connector.connect()} from inside them starts a new
 * attempt. For retrying with back-off, see {@link ReconnectingClientFactory}.
 *
 * <p>Hooks run on the reactor thread, in Twisted's order: {@code startedConnecting}, then either
 * {@code clientConnectionFailed} or {@code buildProtocol} followed later by {@code clientConnectionLost}.
 */
public class ClientFactory extends Factory implements IClientFactory {
    /** A factory with no protocol yet: set one with {@link #setProtocol} or override {@link #buildProtocol}. */
    public ClientFactory() {
    }

    /** A client factory making the connection's protocol with {@code protocol}; see {@link Factory#forProtocol}. */
    public static ClientFactory forProtocol(Supplier<? extends IProtocol> protocol) {
        ClientFactory factory = new ClientFactory();
        factory.setProtocol(protocol);
        return factory;
    }

    /** {@link #forProtocol(Supplier)} for a protocol built from the server's address. */
    public static ClientFactory forProtocol(Function<? super IAddress, ? extends IProtocol> protocol) {
        ClientFactory factory = new ClientFactory();
        factory.setProtocol(protocol);
        return factory;
    }

    /**
     * Does nothing. An attempt just began; calling {@code connector.stopConnecting()} here abandons it (the factory
     * then hears {@code clientConnectionFailed} with a {@code UserError}).
     */
    @Override
    public void startedConnecting(IConnector connector) {
    }

    /**
     * Does nothing, so a failed attempt is dropped silently: override it to report the failure or to try again with
     * {@code connector.connect()}.
     */
    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
    }

    /**
     * Does nothing. An established connection ended (after the protocol's own {@code connectionLost}); override to
     * reconnect with {@code connector.connect()}.
     */
    @Override
    public void clientConnectionLost(IConnector connector, Failure reason) {
    }
}
