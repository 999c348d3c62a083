package dev.twine.internet.tcp;

import dev.twine.internet.error.NotConnectingError;
import dev.twine.internet.error.TimeoutError;
import dev.twine.internet.error.UserError;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;
import java.util.Objects;

/**
 * An outgoing stream connection, made and remade: Twisted's {@code base.BaseConnector}, the life cycle the TCP and
 * UNIX connectors share. Each {@link #connect()} makes a new transport ({@link #makeTransport}); the factory hears
 * {@code startedConnecting} at once, then either {@code buildProtocol} or {@code clientConnectionFailed}, and after
 * a connection {@code clientConnectionLost}, from which {@code connect()} tries again. The factory is started on the
 * first attempt and stopped when an attempt or connection ends without a new attempt being made.
 */
public abstract class BaseConnector implements IConnector {
    /** The reactor the attempts run on. */
    protected final IReactor reactor;
    /** The reactor as host of its transports: the thread check. */
    protected final TransportHost transportHost;
    private final IClientFactory factory;
    private final double timeoutSeconds;

    private String state = "disconnected";
    private BaseClient transport;
    private IDelayedCall timeoutCall;
    private boolean factoryStarted;

    /** A connector whose attempts give up after {@code timeoutSeconds} (none when negative or infinite). */
    protected BaseConnector(IReactor reactor, IClientFactory factory, double timeoutSeconds) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.transportHost = TransportHost.of(this.reactor);
        this.factory = Objects.requireNonNull(factory, "factory");
        this.timeoutSeconds = timeoutSeconds;
    }

    /** A new attempt's transport; it starts at the reactor's next pass. */
    protected abstract BaseClient makeTransport();

    /** The destination, for the timeout's message. */
    protected abstract String describeDestination();

    /**
     * Starts an attempt: a timeout (when the connector has a finite, non-negative one) and
     * {@code startedConnecting}; the attempt itself begins at the reactor's next pass.
     *
     * @throws IllegalStateException unless disconnected
     */
    @Override
    public final void connect() {
        transportHost.checkThread("connect");
        if (!state.equals("disconnected")) {
            throw new IllegalStateException("can't connect in this state: " + state);
        }
        state = "connecting";
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        BaseClient t = makeTransport();
        transport = t;
        if (timeoutSeconds >= 0 && timeoutSeconds < Double.POSITIVE_INFINITY) {
            timeoutCall = reactor.callLater(timeoutSeconds, () -> {
                timeoutCall = null;
                t.failIfNotConnected(new TimeoutError("connection to " + describeDestination()
                        + " timed out after " + timeoutSeconds + " s " + t.stage()));
            });
        }
        factory.startedConnecting(this);
    }

    /** Gives up the attempt in progress; the factory hears {@code clientConnectionFailed} with {@link UserError}. */
    @Override
    public final void stopConnecting() {
        transportHost.checkThread("stopConnecting");
        if (!state.equals("connecting")) {
            throw new NotConnectingError("we're not trying to connect");
        }
        state = "disconnected";
        transport.failIfNotConnected(new UserError("stopConnecting() was called"));
    }

    /** Stops an attempt, or closes the connection once its data is sent. */
    @Override
    public final void disconnect() {
        transportHost.checkThread("disconnect");
        if (state.equals("connecting")) {
            stopConnecting();
        } else if (state.equals("connected")) {
            transport.loseConnection();
        }
    }

    @Override
    public final String state() {
        return state;
    }

    /** The current attempt's or connection's transport, or null. */
    public BaseClient transport() {
        return transport;
    }

    private void cancelTimeout() {
        IDelayedCall call = timeoutCall;
        timeoutCall = null;
        if (call != null && call.active()) {
            call.cancel();
        }
    }

    /** The attempt succeeded: the factory builds the protocol. */
    final IProtocol buildProtocol(IAddress address) {
        state = "connected";
        cancelTimeout();
        return factory.buildProtocol(address);
    }

    /** The attempt failed. */
    final void connectionFailed(Failure reason) {
        cancelTimeout();
        transport = null;
        state = "disconnected";
        factory.clientConnectionFailed(this, reason);
        if (state.equals("disconnected")) {
            // The factory did not try again.
            factory.doStop();
            factoryStarted = false;
        }
    }

    /** The connection ended. */
    final void connectionLost(Failure reason) {
        state = "disconnected";
        transport = null;
        factory.clientConnectionLost(this, reason);
        if (state.equals("disconnected")) {
            factory.doStop();
            factoryStarted = false;
        }
    }

    @Override
    public String toString() {
        return "<Connector to " + getDestination() + " (" + state + ")>";
    }
}
