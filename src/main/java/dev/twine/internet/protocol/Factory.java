package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IProtocolFactory;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds one protocol per connection and holds what those connections share: Twisted's {@code protocol.Factory}.
 * Connections are short-lived while the factory lives as long as the port, so state that must outlive a connection
 * (a user table, a counter, a cache) belongs here, reached from a protocol through its {@link Protocol#factory}.
 *
 * <p>One factory may serve several ports and connectors at once. Each of them calls {@link #doStart()} when it
 * begins using the factory and {@link #doStop()} when it is done; the factory counts them, so that
 * {@link #startFactory()} runs once before the first and {@link #stopFactory()} once after the last. That is where
 * set-up and tear-down of shared resources (a database pool, a log file) go, rather than in the constructor, which
 * may run long before anything listens.
 *
 * <p>All methods are meant for the reactor thread; the class is not thread-safe.
 */
public class Factory implements IProtocolFactory {
    private static final System.Logger LOG = System.getLogger("dev.twine.protocol");

    /**
     * Makes the protocol for a connection, given the peer's address; {@link #buildProtocol} calls it. A field, as in
     * Twisted, so a subclass can simply assign it in its constructor; {@link #setProtocol} adapts the common case of a
     * no-argument constructor. It may return null to refuse the connection.
     */
    protected Function<? super IAddress, ? extends IProtocol> protocol;

    /** How many ports and connectors are using this factory now ({@link #doStart} minus {@link #doStop}). */
    protected int numPorts;

    /**
     * Whether starting and stopping is logged (at {@code DEBUG} on the {@code dev.twine.protocol} logger). Twisted
     * logs these at info; here they are quieter because a client factory starts and stops on every connection
     * attempt, which would flood a default Java console. Set it false to silence even that.
     */
    protected boolean noisy = true;

    /** A factory with no protocol yet: set one with {@link #setProtocol} or override {@link #buildProtocol}. */
    public Factory() {
    }

    /**
     * A factory making each connection's protocol with {@code protocol}: the one-line way to serve a protocol that
     * needs no shared state, as in {@code reactor.listenTCP(8000, Factory.forProtocol(Echo::new))}.
     */
    public static Factory forProtocol(Supplier<? extends IProtocol> protocol) {
        Factory factory = new Factory();
        factory.setProtocol(protocol);
        return factory;
    }

    /** {@link #forProtocol(Supplier)} for a protocol that wants to know the peer's address when it is built. */
    public static Factory forProtocol(Function<? super IAddress, ? extends IProtocol> protocol) {
        Factory factory = new Factory();
        factory.setProtocol(protocol);
        return factory;
    }

    /** Builds each connection's protocol with {@code protocol}, ignoring the address. */
    public void setProtocol(Supplier<? extends IProtocol> protocol) {
        Objects.requireNonNull(protocol, "protocol");
        this.protocol = addr -> protocol.get();
    }

    /** Builds each connection's protocol with {@code protocol}, passing the peer's address. */
    public void setProtocol(Function<? super IAddress, ? extends IProtocol> protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** What {@link #buildProtocol} calls, or null when none was set. */
    public Function<? super IAddress, ? extends IProtocol> protocol() {
        return protocol;
    }

    /** How many ports and connectors are using this factory now. */
    public int numPorts() {
        return numPorts;
    }

    /** Whether start and stop are logged (see {@link #noisy}). */
    public boolean noisy() {
        return noisy;
    }

    /** Turns logging of start and stop on or off (see {@link #noisy}). */
    public void setNoisy(boolean noisy) {
        this.noisy = noisy;
    }

    /**
     * Makes the protocol for a new connection from {@code addr} with {@link #protocol} and, when it is a
     * {@link Protocol}, links it back to this factory so it can reach the shared state. Override to pick the protocol
     * per connection, or return null to refuse the connection (the transport then closes it at once).
     *
     * @throws IllegalStateException if no protocol was set and this method was not overridden
     */
    @Override
    public IProtocol buildProtocol(IAddress addr) {
        if (protocol == null) {
            throw new IllegalStateException(
                    logPrefix() + " has no protocol: call setProtocol or override buildProtocol");
        }
        IProtocol p = protocol.apply(addr);
        if (p instanceof Protocol linked) {
            linked.setFactory(this);
        }
        return p;
    }

    /**
     * Called by a port or connector as it starts using this factory; runs {@link #startFactory()} for the first.
     * Applications do not call it. If {@code startFactory} throws, the factory is not counted as started, so the
     * next {@code doStart} tries again.
     */
    @Override
    public void doStart() {
        if (numPorts == 0) {
            if (noisy) {
                LOG.log(Level.DEBUG, "Starting factory {0}", this);
            }
            startFactory();
        }
        numPorts++;
    }

    /**
     * Called by a port or connector when it stops using this factory; runs {@link #stopFactory()} after the last.
     * Applications do not call it. A call with nothing started is ignored rather than an error, as in Twisted,
     * because a transport that fails half-way through set-up may stop a factory it never started.
     */
    @Override
    public void doStop() {
        if (numPorts == 0) {
            return;
        }
        numPorts--;
        if (numPorts == 0) {
            if (noisy) {
                LOG.log(Level.DEBUG, "Stopping factory {0}", this);
            }
            stopFactory();
        }
    }

    /**
     * Runs once before the first port or connector uses this factory: open what the connections will share here
     * rather than in the constructor, which may run long before anything listens. Does nothing by default.
     */
    public void startFactory() {
    }

    /**
     * Runs once after the last port or connector stopped using this factory (for example as the reactor shuts down):
     * release what {@link #startFactory()} opened. Does nothing by default.
     */
    public void stopFactory() {
    }

    /** A short name for log lines about this factory: the class's simple name. */
    public String logPrefix() {
        return shortName(getClass());
    }

    @Override
    public String toString() {
        return "<" + getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }

    /** The simple name of {@code type}, or its full name for an anonymous class, which has no simple name. */
    static String shortName(Class<?> type) {
        String name = type.getSimpleName();
        return name.isEmpty() ? type.getName() : name;
    }
}
