package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IUDPTransport;
import java.util.Objects;

/**
 * The base of UDP protocols: Twisted's {@code DatagramProtocol}. Override {@link #datagramReceived}; write with
 * {@code transport.write(datagram, address)}. One protocol may run on several ports (as in Twisted): it starts on
 * the first and stops when the last one closes. Runs on the reactor thread; not thread-safe.
 */
public class DatagramProtocol implements IDatagramProtocol {
    /** The port it runs on (the last one, when several), set before {@link #startProtocol()}; null once stopped. */
    protected IUDPTransport transport;
    /** Ports this protocol runs on: Twisted's {@code numPorts}. */
    protected int numPorts;

    public DatagramProtocol() {
    }

    @Override
    public void makeConnection(IUDPTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        doStart();
    }

    /** Starts the protocol when its first port opens. */
    public void doStart() {
        if (numPorts == 0) {
            startProtocol();
        }
        numPorts++;
    }

    /** Stops the protocol when its last port closes, and forgets the transport. */
    @Override
    public void doStop() {
        if (numPorts <= 0) {
            return;
        }
        numPorts--;
        if (numPorts == 0) {
            transport = null;
            stopProtocol();
        }
    }

    /** Called when it starts listening: the place to send a first datagram or start timers. Nothing by default. */
    public void startProtocol() {
    }

    /** Called when it stops listening (the transport is already gone). Nothing by default. */
    public void stopProtocol() {
    }

    /** A datagram arrived; nothing by default. */
    @Override
    public void datagramReceived(byte[] data, IAddress addr) {
    }

    /** In connected mode, an earlier datagram was refused (ICMP port unreachable); nothing by default. */
    @Override
    public void connectionRefused() {
    }

    /** The transport, or null when not running: for code outside the subclass. */
    public IUDPTransport transport() {
        return transport;
    }
}
