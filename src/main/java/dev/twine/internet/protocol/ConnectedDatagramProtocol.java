package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.IConnectedDatagramProtocol;
import dev.twine.internet.interfaces.IUNIXConnectedDatagramTransport;
import dev.twine.python.Failure;
import java.util.Objects;

/**
 * The base of protocols on a connected datagram socket: Twisted's {@code ConnectedDatagramProtocol}. Override
 * {@link #datagramReceived(byte[])}; write with {@code transport.write(datagram)}. Runs on the reactor thread.
 */
public class ConnectedDatagramProtocol implements IConnectedDatagramProtocol {
    /** The socket it runs on, set before {@link #startProtocol()}; null once stopped. */
    protected IUNIXConnectedDatagramTransport transport;
    private boolean running;

    public ConnectedDatagramProtocol() {
    }

    @Override
    public void makeConnection(IUNIXConnectedDatagramTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        if (!running) {
            running = true;
            startProtocol();
        }
    }

    @Override
    public void doStop() {
        if (!running) {
            return;
        }
        running = false;
        transport = null;
        stopProtocol();
    }

    /** Called once connected: the place to send a first datagram. Nothing by default. */
    public void startProtocol() {
    }

    /** Called when the socket closes (the transport is already gone). Nothing by default. */
    public void stopProtocol() {
    }

    /** A datagram arrived from the peer; nothing by default. */
    @Override
    public void datagramReceived(byte[] data) {
    }

    /** The socket could not connect; nothing by default. */
    @Override
    public void connectionFailed(Failure reason) {
    }

    /** The transport, or null when not running. */
    public IUNIXConnectedDatagramTransport transport() {
        return transport;
    }
}
