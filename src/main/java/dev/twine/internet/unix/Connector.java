package dev.twine.internet.unix;

import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.abstracts.ReactorBuffers;
import dev.twine.internet.address.UNIXAddress;
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
import java.util.Objects;

/**
 * An outgoing UNIX connection, made and remade: Twisted's {@code unix.Connector}, with the life cycle of the TCP
 * connector ({@code startedConnecting}, then {@code buildProtocol} or {@code clientConnectionFailed}, then
 * {@code clientConnectionLost}; the factory is started on the first attempt and stopped when no new one follows).
 */
final class Connector implements IConnector {
    private final IReactor reactor;
    private final ReactorBuffers buffers;
    private final String address;
    private final IClientFactory factory;
    private final double timeoutSeconds;
    private final boolean checkPID;

    private String state = "disconnected";
    private Client transport;
    private IDelayedCall timeoutCall;
    private boolean factoryStarted;

    Connector(IReactor reactor, ReactorBuffers buffers, String address, IClientFactory factory,
            double timeoutSeconds, boolean checkPID) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.buffers = buffers;
        UnixSockets.bytes(address);
        this.address = address;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.timeoutSeconds = timeoutSeconds;
        this.checkPID = checkPID;
    }

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
        Client t = new Client(reactor, buffers, address, checkPID, this);
        transport = t;
        if (timeoutSeconds >= 0 && timeoutSeconds < Double.POSITIVE_INFINITY) {
            timeoutCall = reactor.callLater(timeoutSeconds, () -> {
                timeoutCall = null;
                t.failIfNotConnected(new TimeoutError("connection to " + UnixSockets.printable(address)
                        + " timed out after " + timeoutSeconds + " s"));
            });
        }
        factory.startedConnecting(this);
    }

    @Override
    public void stopConnecting() {
        if (!state.equals("connecting")) {
            throw new NotConnectingError("we're not trying to connect");
        }
        state = "disconnected";
        transport.failIfNotConnected(new UserError("stopConnecting() was called"));
    }

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
        return new UNIXAddress(address);
    }

    @Override
    public String state() {
        return state;
    }

    private void cancelTimeout() {
        IDelayedCall call = timeoutCall;
        timeoutCall = null;
        if (call != null && call.active()) {
            call.cancel();
        }
    }

    IProtocol buildProtocol(IAddress peer) {
        state = "connected";
        cancelTimeout();
        return factory.buildProtocol(peer);
    }

    void connectionFailed(Failure reason) {
        cancelTimeout();
        transport = null;
        state = "disconnected";
        factory.clientConnectionFailed(this, reason);
        if (state.equals("disconnected")) {
            factory.doStop();
            factoryStarted = false;
        }
    }

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
