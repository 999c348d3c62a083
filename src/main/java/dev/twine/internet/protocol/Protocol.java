package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.python.Failure;

/**
 * The usual base for a stream protocol: override the callbacks you need, the rest do nothing. Twisted's
 * {@code protocol.Protocol}. Implementing {@link IProtocol} directly works too; this class only saves the
 * boilerplate and carries the {@link #factory} link that {@link Factory#buildProtocol} fills in.
 *
 * <p>It is concrete, not abstract, so that {@code Factory.forProtocol(Protocol::new)} gives a protocol that
 * accepts connections and ignores what arrives (handy in tests and as a sink). Callbacks run on the reactor
 * thread; the class is not thread-safe.
 */
public class Protocol extends BaseProtocol implements IProtocol {
    /**
     * The factory that built this protocol, set by {@link Factory#buildProtocol}; null for a protocol built some
     * other way. It is how connections of one server share state: cast it to your factory's type. Typed as the
     * interface so that a hand-written {@link IProtocolFactory} can set it too.
     */
    protected IProtocolFactory factory;

    /** A protocol not yet built by a factory nor connected. */
    public Protocol() {
    }

    /** The factory that built this protocol, or null (see {@link #factory}). */
    public IProtocolFactory factory() {
        return factory;
    }

    /**
     * Links this protocol to the factory that built it. Public because factories outside this package (a custom
     * {@code buildProtocol}) must be able to do what {@link Factory#buildProtocol} does.
     */
    public void setFactory(IProtocolFactory factory) {
        this.factory = factory;
    }

    /**
     * Does nothing. Data comes in chunks of whatever size the kernel returned, unrelated to the peer's writes, so a
     * real protocol buffers until it has a whole message; test a protocol by feeding it a byte at a time too.
     */
    @Override
    public void dataReceived(byte[] data) {
    }

    /**
     * Does nothing. Override it to drop references (timers, other connections) that would otherwise keep this
     * protocol, or work for it, alive after the connection is gone. {@code reason} wraps {@code ConnectionDone} for a
     * clean close and something else ({@code ConnectionLost}, {@code ConnectionAborted}...) otherwise.
     */
    @Override
    public void connectionLost(Failure reason) {
    }

    /**
     * A short name for log lines about this connection; the class's simple name (its full name for an anonymous
     * class, which has no simple name). Override to add, say, a peer address.
     */
    public String logPrefix() {
        return Factory.shortName(getClass());
    }
}
