package dev.twine.internet.udp;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.SockAddr;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.AlreadyListened;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.MessageLengthError;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.interfaces.IWriteDescriptor;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * A UDP socket: Twisted's {@code udp.Port}. Each readiness event reads up to {@link #MAX_READS} datagrams
 * ({@code recvfrom} until EAGAIN), each handed to the protocol in its own array.
 *
 * <p>Truncation: {@code recvfrom} is called with {@code MSG_TRUNC}, so the kernel returns a datagram's real
 * length even when it did not fit. The protocol sees the first {@code maxPacketSize} bytes (as Twisted's
 * {@code recvfrom(maxPacketSize)} gives it) and nothing more; the port counts such datagrams
 * ({@link #truncatedDatagrams()}) and logs each at DEBUG with its real size.
 *
 * <p>Writes: a datagram the kernel cannot take now (EAGAIN, a full send buffer) is queued and sent, in order, when
 * the socket turns writable, rather than dropped as Twisted does. The queue is not bounded: a protocol that sends
 * faster than the network drains should pace itself. EMSGSIZE raises {@link MessageLengthError} and leaves the
 * port open; an ICMP refusal (ECONNREFUSED, on a connected port) reaches {@code connectionRefused()}.
 */
public final class Port implements IUDPTransport, IReadDescriptor, IWriteDescriptor {
    private static final System.Logger LOG = System.getLogger("dev.twine.udp");
    /** Datagrams read per readiness event at most, so one busy port cannot starve the others. */
    static final int MAX_READS = 256;

    private final IReactor reactor;
    private final IDatagramProtocol protocol;
    private final String iface;
    private final int port;
    private final int maxPacketSize;
    private final byte[] buffer;
    private final MemorySegment from = SockAddr.allocateHeap();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();

    private int fd = -1;
    private boolean v6;
    private boolean connected;
    private boolean reading;
    private boolean writing;
    private int realPort;
    private InetSocketAddress peer;
    private Deferred<Void> stopped;
    private IDelayedCall stopCall;
    private long truncated;

    private record Queued(byte[] datagram, InetSocketAddress addr) {
    }

    /** A port for {@code listenUDP}; it binds once {@link #startListening()} is called. */
    Port(IReactor reactor, int port, IDatagramProtocol protocol, String iface, int maxPacketSize) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxPacketSize <= 0) {
            throw new IllegalArgumentException("maxPacketSize must be positive, was " + maxPacketSize);
        }
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.iface = iface == null ? "" : iface;
        this.port = port;
        this.maxPacketSize = maxPacketSize;
        this.buffer = new byte[maxPacketSize];
    }

    /**
     * Binds, starts the protocol and starts reading.
     *
     * @throws AlreadyListened if it is bound already
     * @throws CannotListenError if the address is in use, not local or not an IP literal
     */
    @Override
    public void startListening() {
        if (connected) {
            throw new AlreadyListened("already listening on UDP port " + realPort);
        }
        int s = open();
        fd = s;
        realPort = SockAddr.port(SocketAddresses.local(s));
        connected = true;
        try {
            protocol.makeConnection(this);
        } catch (RuntimeException | Error e) {
            connected = false;
            fd = -1;
            Syscalls.close(s);
            throw e;
        }
        if (connected && !reading) {
            reactor.addReader(this);
            reading = true;
        }
    }

    private int open() {
        InetAddress address = iface.isEmpty() ? InetAddress.ofLiteral("0.0.0.0") : SocketAddresses.literal(iface);
        if (address == null) {
            throw new CannotListenError(iface, port,
                    new IllegalArgumentException("the interface must be an IP address literal: " + iface));
        }
        v6 = address instanceof Inet6Address;
        int s;
        try {
            s = Sockets.socket(v6 ? Sockets.AF_INET6 : Sockets.AF_INET, Sockets.SOCK_DGRAM);
        } catch (ErrnoException e) {
            throw new CannotListenError(iface, port, e);
        }
        try {
            if (v6) {
                // As for TCP: "::" is IPv6 only, leaving the IPv4 port of that number to its own socket.
                Sockets.setsockopt(s, Sockets.IPPROTO_IPV6, Sockets.IPV6_V6ONLY, 1);
            }
            Sockets.bind(s, new InetSocketAddress(address, port));
            return s;
        } catch (ErrnoException e) {
            Syscalls.close(s);
            throw new CannotListenError(iface, port, e);
        }
    }

    @Override
    public int fileno() {
        return fd;
    }

    /** Errors of a datagram socket are per datagram: read them rather than end the port. */
    @Override
    public boolean readsErrorEvents() {
        return true;
    }

    /** Reads datagrams until EAGAIN or {@link #MAX_READS}; the port never ends on a read error. */
    @Override
    public Throwable doRead() {
        for (int i = 0; i < MAX_READS && fd >= 0; i++) {
            int n;
            try {
                n = Sockets.recvfrom(fd, buffer, 0, maxPacketSize, Sockets.MSG_TRUNC, from);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ECONNREFUSED) {
                    if (peer != null) {
                        protocol.connectionRefused();
                    }
                    continue;
                }
                LOG.log(Level.DEBUG, () -> "recvfrom on UDP port " + realPort + ": " + e.getMessage());
                continue;
            }
            if (n == Syscalls.WOULD_BLOCK) {
                return null;
            }
            if (n > maxPacketSize) {
                truncated++;
                int real = n;
                LOG.log(Level.DEBUG, () -> "UDP port " + realPort + " cut a " + real + "-byte datagram to "
                        + maxPacketSize);
                n = maxPacketSize;
            }
            byte[] data = Arrays.copyOf(buffer, n);
            try {
                protocol.datagramReceived(data, SocketAddresses.of("UDP", from));
            } catch (Throwable t) {
                LOG.log(Level.ERROR, "Unhandled error in datagramReceived of " + protocol, t);
            }
        }
        return null;
    }

    @Override
    public void write(byte[] datagram, InetSocketAddress addr) {
        Objects.requireNonNull(datagram, "datagram");
        if (fd < 0) {
            throw new IllegalStateException("UDP port " + port + " is not listening");
        }
        if (peer != null) {
            if (addr != null && !addr.equals(peer)) {
                throw new IllegalArgumentException("connected to " + peer + ", cannot write to " + addr);
            }
            addr = null;
        } else if (addr == null) {
            throw new IllegalStateException("not connected: write(datagram) needs an address");
        } else if (addr.isUnresolved()) {
            throw new IllegalArgumentException("the address must be an IP literal, not " + addr.getHostString());
        }
        if (!queue.isEmpty()) {
            queue.add(new Queued(datagram, addr));
            return;
        }
        if (!send(datagram, addr)) {
            queue.add(new Queued(datagram, addr));
            startWriting();
        }
    }

    /** Sends one datagram: true when done (sent, or refused and reported), false on EAGAIN. */
    private boolean send(byte[] datagram, InetSocketAddress addr) {
        try {
            return Sockets.sendto(fd, datagram, 0, datagram.length, 0, addr) != Syscalls.WOULD_BLOCK;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EMSGSIZE) {
                throw new MessageLengthError("a " + datagram.length + "-byte datagram is too long to send", e);
            }
            if (e.errno() == Errno.ECONNREFUSED && peer != null) {
                protocol.connectionRefused();
                return true;
            }
            throw e;
        }
    }

    /** Sends what was queued; a datagram that fails now is logged and dropped, and the port goes on. */
    @Override
    public Throwable doWrite() {
        while (!queue.isEmpty() && fd >= 0) {
            Queued q = queue.peek();
            boolean done;
            try {
                done = send(q.datagram(), q.addr());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "dropped a queued datagram on UDP port " + realPort + ": " + e.getMessage());
                done = true;
            }
            if (!done) {
                return null;
            }
            queue.poll();
        }
        stopWriting();
        return null;
    }

    private void startWriting() {
        if (!writing) {
            writing = true;
            reactor.addWriter(this);
        }
    }

    private void stopWriting() {
        if (writing) {
            writing = false;
            reactor.removeWriter(this);
        }
    }

    @Override
    public void connect(String host, int port) {
        if (peer != null) {
            throw new IllegalStateException("already connected to " + peer);
        }
        if (fd < 0) {
            throw new IllegalStateException("UDP port " + this.port + " is not listening");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        InetAddress ip = SocketAddresses.literal(Objects.requireNonNull(host, "host"));
        if (ip == null || (ip instanceof Inet6Address) != v6) {
            throw new IllegalArgumentException("host must be an IP" + (v6 ? "v6" : "v4") + " literal, not " + host);
        }
        InetSocketAddress target = new InetSocketAddress(ip, port);
        Sockets.connect(fd, target);
        peer = target;
    }

    @Override
    public void setBroadcastAllowed(boolean enabled) {
        Sockets.setsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_BROADCAST, enabled ? 1 : 0);
    }

    @Override
    public boolean getBroadcastAllowed() {
        return Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_BROADCAST) != 0;
    }

    /**
     * Stops reading and writing now and closes the socket at the next pass (what is still queued is dropped); the
     * Deferred fires after that, with the protocol stopped. Calling it again returns the same Deferred.
     */
    @Override
    public Deferred<Void> stopListening() {
        if (stopped != null) {
            return stopped;
        }
        if (!connected) {
            return Deferred.succeed(null);
        }
        stopReading();
        stopWriting();
        stopped = new Deferred<>();
        stopCall = reactor.callLater(0, () -> {
            stopCall = null;
            connectionLost(new Failure(new ConnectionDone("port closed")));
        });
        return stopped;
    }

    private void stopReading() {
        if (reading) {
            reading = false;
            reactor.removeReader(this);
        }
    }

    /** Closes the socket and stops the protocol; also how the reactor's shutdown closes the port. */
    @Override
    public void connectionLost(Failure reason) {
        if (!connected) {
            return;
        }
        LOG.log(Level.DEBUG, () -> "(UDP Port " + realPort + " Closed)");
        connected = false;
        stopReading();
        stopWriting();
        queue.clear();
        if (stopCall != null) {
            stopCall.cancel();
            stopCall = null;
        }
        int s = fd;
        fd = -1;
        try {
            Syscalls.close(s);
        } catch (ErrnoException ignored) {
            // released even then
        }
        Deferred<Void> d = stopped;
        stopped = null;
        try {
            protocol.doStop();
        } finally {
            if (d != null) {
                d.callback(null);
            }
        }
    }

    /** The bound address as {@code IPv4Address("UDP", ...)} or {@code IPv6Address}, with the real port. */
    @Override
    public IAddress getHost() {
        if (fd < 0) {
            throw new IllegalStateException("UDP port " + port + " is not listening");
        }
        return SocketAddresses.of("UDP", SocketAddresses.local(fd));
    }

    /** The port number bound, or 0 when closed. */
    public int realPort() {
        return connected ? realPort : 0;
    }

    /** Datagrams cut to maxPacketSize so far. */
    public long truncatedDatagrams() {
        return truncated;
    }

    /** Datagrams waiting for the socket to turn writable. */
    public int queuedDatagrams() {
        return queue.size();
    }

    @Override
    public String logPrefix() {
        return protocol.getClass().getSimpleName() + " (UDP port " + realPort + ")";
    }

    @Override
    public String toString() {
        return "<" + protocol.getClass().getSimpleName() + " on UDP " + (connected ? realPort : "not listening")
                + ">";
    }
}
