package dev.twine.internet.tcp;

import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;

/**
 * A connection accepted by a {@link Port} (or adopted): Twisted's {@code tcp.Server}. It reads from the moment it
 * exists; the port then connects its protocol.
 */
public final class Server extends Connection {
    private final IAddress peer;
    private final Port port;
    private final long sessionNumber;

    Server(IReactor reactor, int fd, IProtocol protocol, IAddress peer, Port port, long sessionNumber) {
        super(reactor, fd, protocol);
        this.peer = peer;
        this.port = port;
        this.sessionNumber = sessionNumber;
        startAccepted();
    }

    @Override
    public IAddress getPeer() {
        return peer;
    }

    /** The port that accepted this connection, or null for an adopted one. */
    public Port getServer() {
        return port;
    }

    /** This connection's number among those its port accepted. */
    public long sessionNumber() {
        return sessionNumber;
    }

    @Override
    public String toString() {
        return "<" + logPrefix() + " #" + sessionNumber + " on " + (port == null ? "adopted" : port.realPort()) + ">";
    }
}
