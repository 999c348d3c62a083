package dev.twine.internet.tcp;

import dev.twine.internet.abstracts.ReactorBuffers;
import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.error.NotConnectingError;
import dev.twine.internet.error.TimeoutError;
import dev.twine.internet.error.UserError;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An outgoing TCP connection, made and remade: Twisted's {@code tcp.Connector} (with {@code base.BaseConnector}).
 * Each {@link #connect()} makes a new {@link Client}; the factory hears {@code startedConnecting} at once, then
 * either {@code buildProtocol} or {@code clientConnectionFailed}, and after a connection
 * {@code clientConnectionLost}, from which {@code connect()} tries again. The factory is started on the first
 * attempt and stopped when an attempt or connection ends without a new attempt being made.
 */
public final class Connector implements IConnector {
    private final IReactor reactor;
    private final ReactorBuffers buffers;
    private final String host;
    private final int port;
    private final IClientFactory factory;
    private final double timeoutSeconds;
    private final InetSocketAddress bindAddress;

    private String state = "disconnected";
    private Client transport;
    private IDelayedCall timeoutCall;
    private boolean factoryStarted;

    Connector(IReactor reactor, ReactorBuffers buffers, String host, int port, IClientFactory factory,
            double timeoutSeconds, InetSocketAddress bindAddress) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.buffers = buffers;
        this.host = Objects.requireNonNull(host, "host");
        this.factory = Objects.requireNonNull(factory, "factory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        this.port = port;
        this.timeoutSeconds = timeoutSeconds;
        this.bindAddress = bindAddress;
    }

    /**
     * Starts an attempt: a timeout (when the connector has a finite, non-negative one) and
     * {@code startedConnecting}; the attempt itself begins at the reactor's next pass.
     *
     * @throws IllegalStateException unless disconnected
     */
    @Override
    public void connect() {
        if (!state.equals("disconnected")) {
            throw new IllegalStateException("can't connect in this state: " + state);
        }
        state = "connecting";
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        Client t = new Client(reactor, buffers, host, port, bindAddress, this);
        transport = t;
        if (timeoutSeconds >= 0 && timeoutSeconds < Double.POSITIVE_INFINITY) {
            timeoutCall = reactor.callLater(timeoutSeconds, () -> {
                timeoutCall = null;
                t.failIfNotConnected(new TimeoutError("connection to " + host + " port " + port
                        + " timed out after " + timeoutSeconds + " s"));
            });
        }
        factory.startedConnecting(this);
    }

    /** Gives up the attempt in progress; the factory hears {@code clientConnectionFailed} with {@link UserError}. */
    @Override
    public void stopConnecting() {
        if (!state.equals("connecting")) {
            throw new NotConnectingError("we're not trying to connect");
        }
        state = "disconnected";
        transport.failIfNotConnected(new UserError("stopConnecting() was called"));
    }

    /** Stops an attempt, or closes the connection once its data is sent. */
    @Override
    public void disconnect() {
        if (state.equals("connecting")) {
            stopConnecting();
        } else if (state.equals("connected")) {
            transport.loseConnection();
        }
    }

    @Override
    public IAddress getDestination() {
        InetAddress literal = SocketAddresses.literal(host);
        if (literal instanceof Inet6Address) {
            return new IPv6Address("TCP", host, port);
        }
        return new IPv4Address("TCP", host, port);
    }

    @Override
    public String state() {
        return state;
    }

    /** The current attempt's or connection's transport, or null. */
    public Client transport() {
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
    IProtocol buildProtocol(IAddress address) {
        state = "connected";
        cancelTimeout();
        return factory.buildProtocol(address);
    }

    /** The attempt failed. */
    void connectionFailed(Failure reason) {
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
    void connectionLost(Failure reason) {
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
