package dev.twine.internet.unix;

import dev.twine.internet.abstracts.LogNames;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.error.AlreadyListened;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.interfaces.IUNIXDatagramTransport;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A UNIX datagram socket bound to a name, driving a {@code DatagramProtocol}: Twisted's {@code unix.DatagramPort}.
 * Senders arrive as {@link UNIXAddress} (null name: an unnamed sender, which cannot be answered). It is the
 * protocol's {@link IUDPTransport} so that UDP's protocol class runs on it unchanged; the IP-only methods there
 * refuse, and {@link #write(byte[], String)} sends to a name.
 */
final class DatagramPort extends DatagramSocket implements IUNIXDatagramTransport, IUDPTransport {
    private final IDatagramProtocol protocol;

    DatagramPort(IReactor reactor, String address, IDatagramProtocol protocol, int maxPacketSize, int mode) {
        super(reactor, Objects.requireNonNull(address, "address"), maxPacketSize, mode);
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public void startListening() {
        transportHost.checkThread("startListening");
        if (connected) {
            throw new AlreadyListened("already listening on " + UnixSockets.printable(bindName));
        }
        fd = openBound();
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

    @Override
    void received(byte[] data, MemorySegment from) {
        protocol.datagramReceived(data, new UNIXAddress(UnixSockets.name(from)));
    }

    @Override
    public void write(byte[] datagram, String address) {
        transportHost.checkThread("write");
        send(datagram, Objects.requireNonNull(address, "address"));
    }

    /** Refused: a UNIX datagram port sends to names ({@link #write(byte[], String)}). */
    @Override
    public void write(byte[] datagram, InetSocketAddress addr) {
        transportHost.checkThread("write");
        throw new IllegalArgumentException("a UNIX datagram port sends to socket names, not to " + addr
                + ": use write(byte[], String)");
    }

    /** Refused: use {@code connectUNIXDatagram} for a connected UNIX datagram socket. */
    @Override
    public void connect(String host, int port) {
        transportHost.checkThread("connect");
        throw new UnsupportedOperationException("a UNIX datagram port cannot connect to " + host + ":" + port
                + "; use connectUNIXDatagram");
    }

    /** Refused: UNIX sockets have no broadcast. */
    @Override
    public void setBroadcastAllowed(boolean enabled) {
        transportHost.checkThread("setBroadcastAllowed");
        throw new UnsupportedOperationException("UNIX datagram sockets have no broadcast");
    }

    @Override
    public boolean getBroadcastAllowed() {
        return false;
    }

    @Override
    void stopProtocol() {
        protocol.doStop();
    }

    @Override
    public IAddress getHost() {
        return new UNIXAddress(bindName);
    }

    @Override
    public String logPrefix() {
        return LogNames.typeName(protocol) + " (UNIX datagram " + UnixSockets.printable(bindName) + ")";
    }

    @Override
    public String toString() {
        return "<" + logPrefix() + ">";
    }
}
