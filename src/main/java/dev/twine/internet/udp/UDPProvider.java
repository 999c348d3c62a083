package dev.twine.internet.udp;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.UnsupportedAddressFamily;
import dev.twine.internet.error.UnsupportedSocketType;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IMulticastTransport;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IUDPProvider;
import dev.twine.internet.interfaces.IUDPTransport;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.Objects;

/**
 * UDP for the reactor, found as a service ({@code provides IUDPProvider with UDPProvider}) so that the reactor core
 * never imports the transports.
 */
public final class UDPProvider implements IUDPProvider {
    /** For {@link java.util.ServiceLoader}. */
    public UDPProvider() {
    }

    @Override
    public IUDPTransport listenUDP(IReactor reactor, int port, IDatagramProtocol protocol, String iface,
            int maxPacketSize) {
        Port p = new Port(reactor, port, protocol, iface, maxPacketSize);
        p.startListening();
        return p;
    }

    @Override
    public IMulticastTransport listenMulticast(IReactor reactor, int port, IDatagramProtocol protocol, String iface,
            int maxPacketSize, boolean listenMultiple) {
        MulticastPort p = new MulticastPort(reactor, port, protocol, iface, maxPacketSize, listenMultiple);
        p.startListening();
        return p;
    }

    /**
     * Runs {@code protocol} on a duplicate of {@code fd}, a bound datagram socket of {@code family}, as Twisted
     * does ({@code socket.fromfd}): the caller keeps {@code fd} and may close it. The duplicate shares the caller's
     * open socket, so the non-blocking mode it needs is the caller's too.
     */
    @Override
    public IListeningPort adoptDatagramPort(IReactor reactor, int fd, ProtocolFamily family,
            IDatagramProtocol protocol, int maxPacketSize) {
        Objects.requireNonNull(protocol, "protocol");
        int domain = check(fd, family);
        int dup = Sockets.dup(fd);
        Port p;
        try {
            Syscalls.setNonBlocking(dup);
            p = Port.adopt(reactor, dup, domain, protocol, maxPacketSize);
        } catch (RuntimeException | Error e) {
            Syscalls.close(dup);
            throw e;
        }
        // On failure startListening has closed the duplicate already.
        p.startListening();
        return p;
    }

    private static int check(int fd, ProtocolFamily family) {
        Objects.requireNonNull(family, "family");
        int domain;
        if (family == StandardProtocolFamily.INET) {
            domain = Sockets.AF_INET;
        } else if (family == StandardProtocolFamily.INET6) {
            domain = Sockets.AF_INET6;
        } else {
            throw new UnsupportedAddressFamily("datagram adoption takes INET or INET6 sockets, not " + family);
        }
        int actual;
        try {
            actual = Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_DOMAIN);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOTSOCK) {
                throw new UnsupportedSocketType("descriptor " + fd + " is not a socket", e);
            }
            throw Errno.exception("adoptDatagramPort of descriptor " + fd, e.errno());
        }
        if (actual != domain) {
            throw new UnsupportedAddressFamily("descriptor " + fd + " is a socket of address family " + actual
                    + ", not " + family + " (" + domain + ")");
        }
        int type = Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_TYPE);
        if (type != Sockets.SOCK_DGRAM) {
            throw new UnsupportedSocketType("descriptor " + fd + " is a socket of type " + type
                    + ", not SOCK_DGRAM (" + Sockets.SOCK_DGRAM + ")");
        }
        return domain;
    }
}
