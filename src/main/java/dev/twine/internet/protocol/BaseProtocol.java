package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.ITransport;
import java.util.Objects;

/**
 * The part every kind of protocol shares: being attached to a transport. It is kept apart from {@link Protocol} so
 * that protocols that are not byte streams (a future process protocol, say) can reuse it without inheriting
 * {@code dataReceived}: Twisted's {@code protocol.BaseProtocol}.
 *
 * <p>Like every protocol callback, these methods run on the reactor thread; the class is not thread-safe.
 */
public class BaseProtocol {
    /**
     * The transport this protocol writes to, set by {@link #makeConnection}. A field rather than only a getter
     * because protocol code uses it on nearly every line, as Twisted code uses {@code self.transport}. Cast it to the
     * transport's richer type ({@code ITCPTransport}) for what plain {@link ITransport} lacks.
     */
    protected ITransport transport;

    /**
     * Set by {@link #makeConnection}. As in Twisted, the base classes never clear it again, so it means "was connected
     * once"; a protocol that needs "still connected" clears it in its own {@code connectionLost}.
     */
    protected boolean connected;

    /** A protocol with no transport yet; the factory builds it before the connection is handed over. */
    public BaseProtocol() {
    }

    /**
     * Attaches {@code transport} and then calls {@link #connectionMade()}, in that order so that
     * {@code connectionMade} can already write. Transports call this; overriding it is rarely right, and an override
     * must call this one.
     */
    public void makeConnection(ITransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.connected = true;
        connectionMade();
    }

    /**
     * The connection is up and {@link #transport} is set: the place to send a greeting or start a timer. Serves as
     * the protocol's real initializer, because the constructor runs before there is anything to talk to. Does nothing
     * by default.
     */
    public void connectionMade() {
    }

    /** The transport given to {@link #makeConnection}, or null before it: for code outside the subclass. */
    public ITransport transport() {
        return transport;
    }

    /** Whether {@link #makeConnection} has run (see {@link #connected} for why it stays true afterwards). */
    public boolean connected() {
        return connected;
    }
}
