package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IProtocol;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Factory} that says, by its type, that it serves incoming connections only: Twisted's
 * {@code protocol.ServerFactory}. It adds no behaviour; it exists so that an API (or a reader) can tell a listening
 * factory from a {@link ClientFactory}.
 */
public class ServerFactory extends Factory {
    /** A factory with no protocol yet: set one with {@link #setProtocol} or override {@link #buildProtocol}. */
    public ServerFactory() {
    }

    /** A server factory making each connection's protocol with {@code protocol}; see {@link Factory#forProtocol}. */
    public static ServerFactory forProtocol(Supplier<? extends IProtocol> protocol) {
        ServerFactory factory = new ServerFactory();
        factory.setProtocol(protocol);
        return factory;
    }

    /** {@link #forProtocol(Supplier)} for a protocol built from the peer's address. */
    public static ServerFactory forProtocol(Function<? super IAddress, ? extends IProtocol> protocol) {
        ServerFactory factory = new ServerFactory();
        factory.setProtocol(protocol);
        return factory;
    }
}
