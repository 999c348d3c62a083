package dev.twine.internet.udp;

import dev.twine.internet.abstracts.AdoptedSockets;
import dev.twine.internal.sys.Sockets;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IMulticastTransport;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IUDPProvider;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.interfaces.SocketOptions;
import java.net.ProtocolFamily;
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
            int maxPacketSize, SocketOptions options) {
        Port p = new Port(reactor, port, protocol, iface, maxPacketSize, options);
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
        int domain = AdoptedSockets.inetDomain(family, "datagram adoption");
        AdoptedSockets.check(fd, domain, family, Sockets.SOCK_DGRAM, "SOCK_DGRAM");
        Port p = AdoptedSockets.duplicate(fd, dup -> Port.adopt(reactor, dup, domain, protocol, maxPacketSize));
        // On failure startListening has closed the duplicate already.
        p.startListening();
        return p;
    }
}
