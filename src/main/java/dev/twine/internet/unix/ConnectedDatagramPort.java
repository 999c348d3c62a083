package dev.twine.internet.unix;

import dev.twine.internet.abstracts.LogNames;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.error.AlreadyListened;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IConnectedDatagramProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IUNIXConnectedDatagramTransport;
import dev.twine.python.Failure;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A UNIX datagram socket connected to one peer: Twisted's {@code unix.ConnectedDatagramPort}. It binds to
 * {@code bindAddress} when given (else the peer cannot answer), connects, and starts the protocol; a failure to
 * bind or connect closes everything and reaches the protocol's {@code connectionFailed} instead, with a
 * {@link CannotListenError} or a {@link dev.twine.internet.error.ConnectError} holding the errno.
 */
final class ConnectedDatagramPort extends DatagramSocket implements IUNIXConnectedDatagramTransport {
    private final String remote;
    private IConnectedDatagramProtocol protocol;

    ConnectedDatagramPort(IReactor reactor, String remote, IConnectedDatagramProtocol protocol, int maxPacketSize,
            int mode, String bindAddress) {
        super(reactor, bindAddress, maxPacketSize, mode);
        UnixSockets.bytes(remote);
        this.remote = remote;
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public void startListening() {
        transportHost.checkThread("startListening");
        if (connected) {
            throw new AlreadyListened("already connected to " + UnixSockets.printable(remote));
        }
        try {
            fd = openBound();
        } catch (CannotListenError e) {
            connectionFailed(e);
            return;
        }
        try {
            UnixSockets.connect(fd, remote);
        } catch (ErrnoException e) {
            closeSocket();
            connectionFailed(dev.twine.internet.tcp.Client.connectError(e.errno(), e));
            return;
        }
        connected = true;
        transportHost.addOpenDescriptor(this);
        try {
            protocol.makeConnection(this);
        } catch (RuntimeException | Error e) {
            connected = false;
            closeSocket();
            throw e;
        }
        startReading();
    }

    private void connectionFailed(Throwable reason) {
        IConnectedDatagramProtocol p = protocol;
        protocol = null;
        p.connectionFailed(new Failure(reason));
    }

    @Override
    void received(byte[] data, MemorySegment from) {
        protocol.datagramReceived(data);
    }

    @Override
    public void write(byte[] datagram) {
        transportHost.checkThread("write");
        send(datagram, null);
    }

    @Override
    void stopProtocol() {
        IConnectedDatagramProtocol p = protocol;
        if (p != null) {
            p.doStop();
        }
    }

    @Override
    public IAddress getPeer() {
        return new UNIXAddress(remote);
    }

    @Override
    public IAddress getHost() {
        return new UNIXAddress(bindName);
    }

    @Override
    public String logPrefix() {
        return (protocol == null ? "ConnectedDatagramPort" : LogNames.typeName(protocol))
                + " (UNIX datagram to " + UnixSockets.printable(remote) + ")";
    }

    @Override
    public String toString() {
        return "<" + logPrefix() + ">";
    }
}
