package dev.twine.internet.unix;

import dev.twine.internet.abstracts.AdoptedSockets;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.error.UnsupportedAddressFamily;
import dev.twine.internet.error.UnsupportedSocketType;
import dev.twine.internet.interfaces.IProtocol;
import java.util.Objects;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnectedDatagramProtocol;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IUNIXConnectedDatagramTransport;
import dev.twine.internet.interfaces.IUNIXDatagramTransport;
import dev.twine.internet.interfaces.IUNIXProvider;

/**
 * UNIX sockets for the reactor, found as a service ({@code provides IUNIXProvider with UNIXProvider}) so that the
 * reactor core never imports the transports.
 */
public final class UNIXProvider implements IUNIXProvider {
    /** For {@link java.util.ServiceLoader}. */
    public UNIXProvider() {
    }

    @Override
    public IListeningPort listenUNIX(IReactor reactor, String address, IProtocolFactory factory, int backlog,
            int mode, boolean wantPID) {
        Port p = new Port(reactor, address, factory, backlog, mode, wantPID);
        p.startListening();
        return p;
    }

    @Override
    public IConnector connectUNIX(IReactor reactor, String address, IClientFactory factory, double timeoutSeconds,
            boolean checkPID) {
        Connector c = new Connector(reactor, address, factory, timeoutSeconds,
                checkPID);
        c.connect();
        return c;
    }

    @Override
    public IUNIXDatagramTransport listenUNIXDatagram(IReactor reactor, String address, IDatagramProtocol protocol,
            int maxPacketSize, int mode) {
        DatagramPort p = new DatagramPort(reactor, address, protocol, maxPacketSize, mode);
        p.startListening();
        return p;
    }

    @Override
    public IUNIXConnectedDatagramTransport connectUNIXDatagram(IReactor reactor, String address,
            IConnectedDatagramProtocol protocol, int maxPacketSize, int mode, String bindAddress) {
        ConnectedDatagramPort p = new ConnectedDatagramPort(reactor, address, protocol, maxPacketSize, mode,
                bindAddress);
        p.startListening();
        return p;
    }

    /**
     * A port over a duplicate of {@code fd}, a listening AF_UNIX stream socket; the caller keeps {@code fd}. As for
     * TCP, the port's socket file (if any) is not removed when it closes: it belongs to whoever created it.
     *
     * @throws UnsupportedAddressFamily unless {@code fd} is an AF_UNIX socket
     * @throws UnsupportedSocketType unless it is SOCK_STREAM
     */
    @Override
    public IListeningPort adoptStreamPort(IReactor reactor, int fd, IProtocolFactory factory) {
        Objects.requireNonNull(factory, "factory");
        check(fd);
        Port p = AdoptedSockets.duplicate(fd, dup -> Port.adopt(reactor, dup, factory));
        p.startListening();
        return p;
    }

    /**
     * Runs a protocol from {@code factory} on a duplicate of {@code fd}, a connected AF_UNIX stream socket (the
     * factory is not started, as in Twisted); a factory that returns no protocol gets the duplicate closed.
     */
    @Override
    public void adoptStreamConnection(IReactor reactor, int fd, IProtocolFactory factory) {
        Objects.requireNonNull(factory, "factory");
        check(fd);
        int dup = Sockets.dup(fd);
        IProtocol protocol;
        UNIXAddress peer;
        try {
            Syscalls.setNonBlocking(dup);
            peer = new UNIXAddress(UnixSockets.getpeername(dup));
            protocol = factory.buildProtocol(peer);
        } catch (RuntimeException | Error e) {
            Syscalls.close(dup);
            throw e;
        }
        if (protocol == null) {
            Syscalls.close(dup);
            return;
        }
        Server transport;
        try {
            transport = new Server(reactor, dup, protocol, peer, null, 0);
        } catch (RuntimeException | Error e) {
            Syscalls.close(dup);
            throw e;
        }
        protocol.makeConnection(transport);
    }

    private static void check(int fd) {
        AdoptedSockets.check(fd, Sockets.AF_UNIX, "UNIX", Sockets.SOCK_STREAM, "SOCK_STREAM");
    }
}
