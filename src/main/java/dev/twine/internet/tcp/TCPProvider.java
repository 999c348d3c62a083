package dev.twine.internet.tcp;

import dev.twine.internal.sys.SockAddr;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.AdoptedSockets;
import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.error.UnsupportedAddressFamily;
import dev.twine.internet.error.UnsupportedSocketType;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.ITCPProvider;
import dev.twine.internet.interfaces.SocketOptions;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.util.Objects;

/**
 * TCP for the reactor, found as a service ({@code provides ITCPProvider with TCPProvider}) so that the reactor
 * core never imports the transports: {@code listenTCP}, {@code connectTCP} and the adoption of sockets opened
 * elsewhere. Adoption works on a duplicate of the caller's descriptor (which the caller may close at once) after
 * checking that it is a stream socket of the family the caller named.
 */
public final class TCPProvider implements ITCPProvider {
    /** For {@link java.util.ServiceLoader}. */
    public TCPProvider() {
    }

    @Override
    public IListeningPort listenTCP(IReactor reactor, int port, IProtocolFactory factory, int backlog,
            String iface, SocketOptions options) {
        Port p = new Port(reactor, port, factory, backlog, iface, options);
        p.startListening();
        return p;
    }

    @Override
    public IConnector connectTCP(IReactor reactor, String host, int port, IClientFactory factory,
            double timeoutSeconds, InetSocketAddress bindAddress) {
        Connector c = new Connector(reactor, host, port, factory, timeoutSeconds,
                bindAddress);
        c.connect();
        return c;
    }

    /**
     * Listens on a duplicate of {@code fd}, a listening stream socket of {@code family}. The duplicate shares the
     * caller's open socket, so the non-blocking mode it needs is the caller's too.
     *
     * @throws UnsupportedAddressFamily unless {@code family} is INET or INET6 and {@code fd}'s domain matches it
     * @throws UnsupportedSocketType unless {@code fd} is a SOCK_STREAM socket
     */
    @Override
    public IListeningPort adoptStreamPort(IReactor reactor, int fd, ProtocolFamily family,
            IProtocolFactory factory) {
        Objects.requireNonNull(factory, "factory");
        check(fd, family);
        Port p = AdoptedSockets.duplicate(fd, dup -> Port.adopt(reactor, dup, factory));
        p.startListening();
        return p;
    }

    /**
     * Runs a protocol from {@code factory} on a duplicate of {@code fd}, a connected stream socket of
     * {@code family}; a factory that returns no protocol gets the duplicate closed. As in Twisted, the factory is
     * not started for this.
     *
     * @throws UnsupportedAddressFamily unless {@code family} is INET or INET6 and {@code fd}'s domain matches it
     * @throws UnsupportedSocketType unless {@code fd} is a SOCK_STREAM socket
     */
    @Override
    public void adoptStreamConnection(IReactor reactor, int fd, ProtocolFamily family, IProtocolFactory factory) {
        Objects.requireNonNull(factory, "factory");
        check(fd, family);
        int dup = Sockets.dup(fd);
        IProtocol protocol;
        IAddress peer;
        try {
            Syscalls.setNonBlocking(dup);
            MemorySegment address = SockAddr.allocateHeap();
            Sockets.getpeername(dup, address);
            peer = SocketAddresses.of("TCP", address);
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

    /** Checks the family named, the socket's domain and its type, in that order. */
    private static void check(int fd, ProtocolFamily family) {
        int domain = AdoptedSockets.inetDomain(family, "TCP adoption");
        AdoptedSockets.check(fd, domain, family, Sockets.SOCK_STREAM, "SOCK_STREAM");
    }
}
