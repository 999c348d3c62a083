package dev.twine.internet.unix;

import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;

/** A connection accepted by a UNIX {@link Port}: Twisted's {@code unix.Server}. It reads from the moment it exists. */
final class Server extends Connection {
    private final UNIXAddress peer;
    private final Port port;
    private final long sessionNumber;

    Server(IReactor reactor, int fd, IProtocol protocol, UNIXAddress peer, Port port, long sessionNumber) {
        super(reactor, fd, protocol, port == null ? new DescriptorLog() : port.descriptorLog());
        this.peer = peer;
        this.port = port;
        this.sessionNumber = sessionNumber;
        startAccepted();
    }

    /** The peer's name: null (unnamed) unless the client bound its socket. */
    @Override
    public IAddress getPeer() {
        return peer;
    }

    @Override
    public String toString() {
        return "<" + logPrefix() + " #" + sessionNumber + (port == null ? " (adopted)" : " on " + port.getHost())
                + ">";
    }
}
