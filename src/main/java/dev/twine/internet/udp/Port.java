package dev.twine.internet.udp;

import dev.twine.internet.abstracts.LogNames;
import dev.twine.internal.sys.DatagramBatch;
import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.SafeLog;
import dev.twine.internal.sys.SockAddr;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.abstracts.SocketKind;
import dev.twine.internet.abstracts.SocketOptionTable;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.AlreadyListened;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.MessageLengthError;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.interfaces.IWriteDescriptor;
import dev.twine.internet.interfaces.SocketOptions;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A UDP socket: Twisted's {@code udp.Port}. Each readiness event reads up to {@link #MAX_READS} datagrams (until
 * EAGAIN), each handed to the protocol in its own array. They are read {@link #batchSize} at a time with
 * {@code recvmmsg} into a native batch the port allocates once (when it starts), or one at a time with
 * {@code recvfrom} when {@code -Dtwine.udp.recvmmsg=false} (read when the port starts; for measuring).
 *
 * <p>Truncation: both calls are made with {@code MSG_TRUNC}, so the kernel returns a datagram's real
 * length even when it did not fit. The protocol sees the first {@code maxPacketSize} bytes (as Twisted's
 * {@code recvfrom(maxPacketSize)} gives it) and nothing more; the port counts such datagrams
 * ({@link #truncatedDatagrams()}) and logs each at DEBUG with its real size.
 *
 * <p>Writes: a datagram the kernel cannot take now (EAGAIN, a full send buffer) is queued and sent, in order, when
 * the socket turns writable, rather than raised as Twisted does. The queue is bounded
 * ({@link #MAX_QUEUED_BYTES}, {@link #MAX_QUEUED_DATAGRAMS}): beyond that a datagram is dropped, as the network
 * would drop it, and counted ({@link #droppedDatagrams()}), so a protocol that answers every datagram cannot be
 * made to hold memory without bound by a peer that sends faster than the socket drains. The queue is flushed with {@code sendmmsg}, many datagrams
 * per call ({@code -Dtwine.udp.sendmmsg=false}, read when the port starts: one {@code sendto} each). EMSGSIZE
 * raises {@link MessageLengthError} and leaves the port open; an ICMP refusal (ECONNREFUSED, on a connected port)
 * reaches {@code connectionRefused()}.
 */
public class Port implements IUDPTransport, IReadDescriptor, IWriteDescriptor {
    private static final System.Logger LOG = System.getLogger("dev.twine.udp");
    /** Datagrams read per readiness event at most, so one busy port cannot starve the others. */
    static final int MAX_READS = 256;
    /** Native bytes a port's receive batch may take: it holds this many bytes' worth of maxPacketSize slots. */
    private static final int BATCH_BYTES = 256 * 1024;
    private static final int MAX_BATCH = 32;
    /** The send batch: 64 datagrams sharing 128 KiB, room for any one datagram (at most 65,535 bytes). */
    private static final int SEND_BATCH = 64;
    private static final int SEND_SLOT = 2048;
    /** The largest UDP payload of each family (65,535 less the IP and UDP headers). */
    private static final int MAX_IPV4_DATAGRAM = 65_507;
    private static final int MAX_IPV6_DATAGRAM = 65_527;

    final IReactor reactor;
    /** The reactor as host of its transports: the thread check and the open-descriptor registry. */
    final TransportHost transportHost;
    private final IDatagramProtocol protocol;
    private final String iface;
    private final int port;
    private final int maxPacketSize;
    /** Set on the new socket before it is bound. */
    private final SocketOptions options;
    private final byte[] buffer;
    private final MemorySegment from = SockAddr.allocateHeap();
    /** The last sender seen, raw and as handed out: a peer that sends many datagrams costs one address object. */
    private final MemorySegment lastFrom = SockAddr.allocateHeap();
    private IAddress lastSender;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** Bytes of the datagrams in {@link #queue}. */
    private long queuedBytes;
    /** Datagrams dropped because the queue was full; a warning is logged once per full spell. */
    private long droppedDatagrams;
    private boolean warnedFull;

    private int fd = -1;
    private boolean v6;
    /** A socket of another family, adopted for tests of the write path: it has no port number. */
    private boolean inet = true;
    /** Writes go to the connected peer; {@link #peer} is that peer when it has an IP address. */
    private boolean connectedMode;
    private boolean connected;
    /** Read with recvmmsg, into a batch allocated when the port starts (see {@link #startListening()}). */
    private boolean batchedReads;
    /** Flush the queue with sendmmsg; its batch too is allocated at first use (the first EAGAIN). */
    private boolean batchedWrites;
    private DatagramBatch receiveBatch;
    private DatagramBatch sendBatch;
    private boolean reading;
    private boolean writing;
    private int realPort;
    private InetSocketAddress peer;
    private Deferred<Void> stopped;
    private IDelayedCall stopCall;
    private long truncated;

    /** Bytes the write queue holds at most: what a generous kernel send buffer would. */
    public static final long MAX_QUEUED_BYTES = 4L << 20;
    /** Datagrams the write queue holds at most, however small. */
    public static final int MAX_QUEUED_DATAGRAMS = 8192;

    private record Queued(byte[] datagram, InetSocketAddress addr) {
    }

    /** A port for {@code listenUDP}; it binds once {@link #startListening()} is called. */
    Port(IReactor reactor, int port, IDatagramProtocol protocol, String iface, int maxPacketSize) {
        this(reactor, port, protocol, iface, maxPacketSize, -1, SocketOptions.none());
    }

    /**
     * A port for {@code listenUDP} that sets {@code options} before binding; they are checked here, before any
     * socket is made.
     */
    Port(IReactor reactor, int port, IDatagramProtocol protocol, String iface, int maxPacketSize,
            SocketOptions options) {
        this(reactor, port, protocol, iface, maxPacketSize, -1, options);
    }

    /** A port on {@code fd} if it is not negative (an adopted, bound socket), else one that binds. */
    Port(IReactor reactor, int port, IDatagramProtocol protocol, String iface, int maxPacketSize, int fd,
            SocketOptions options) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxPacketSize <= 0) {
            throw new IllegalArgumentException("maxPacketSize must be positive, was " + maxPacketSize);
        }
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.transportHost = TransportHost.of(reactor);
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.iface = iface == null ? "" : iface;
        this.port = port;
        this.maxPacketSize = maxPacketSize;
        this.buffer = new byte[maxPacketSize];
        this.fd = fd;
        this.options = Objects.requireNonNull(options, "options");
        SocketOptionTable.check(SocketKind.UDP, options);
    }

    /**
     * A port on {@code fd}, a bound datagram socket of {@code domain} that the port now owns (the provider passes
     * its duplicate). The port number is the socket's.
     */
    static Port adopt(IReactor reactor, int fd, int domain, IDatagramProtocol protocol, int maxPacketSize) {
        Port p = new Port(reactor, 0, protocol, "", maxPacketSize, fd, SocketOptions.none());
        p.v6 = domain == Sockets.AF_INET6;
        p.inet = domain == Sockets.AF_INET || domain == Sockets.AF_INET6;
        return p;
    }

    /**
     * Treats the adopted socket as connected elsewhere (a {@code socketpair}): {@link #write(byte[])} goes to its
     * peer. For tests that need a datagram socket whose sends really block, which UDP on loopback never does.
     */
    void assumeConnected() {
        connectedMode = true;
    }

    /**
     * Binds, starts the protocol and starts reading.
     *
     * @throws AlreadyListened if it is bound already
     * @throws CannotListenError if the address is in use, not local or not an IP literal
     */
    @Override
    public void startListening() {
        transportHost.checkThread("startListening");
        if (connected) {
            throw new AlreadyListened("already listening on UDP port " + realPort);
        }
        int s = fd >= 0 ? fd : open();
        fd = s;
        connected = true;
        transportHost.addOpenDescriptor(this);
        try {
            realPort = inet ? SockAddr.port(SocketAddresses.local(s)) : 0;
            batchedReads = batching("twine.udp.recvmmsg");
            batchedWrites = batching("twine.udp.sendmmsg");
            if (batchedReads && receiveBatch == null) {
                // Now rather than at the first read: the batch's class builds the recvmmsg and sendmmsg downcall
                // stubs when it loads, which took 190 ms on a loaded machine. On the first read that stall filled
                // the kernel's default receive buffer, and datagrams were dropped.
                receiveBatch = DatagramBatch.allocate(batchSize(maxPacketSize), maxPacketSize);
            }
            protocol.makeConnection(this);
        } catch (RuntimeException | Error e) {
            connected = false;
            transportHost.removeOpenDescriptor(this);
            fd = -1;
            freeBatches();
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
            beforeBind(s);
            // After the port's own (a multicast port's SO_REUSEPORT), so the caller's settings win.
            SocketOptionTable.apply(s, SocketKind.UDP, options);
            Sockets.bind(s, new InetSocketAddress(address, port));
            return s;
        } catch (ErrnoException e) {
            Syscalls.close(s);
            throw new CannotListenError(iface, port, e);
        }
    }

    /** Sets what must be set before {@code bind}; nothing here (multicast ports share their port number). */
    void beforeBind(int s) {
    }

    /** Whether this port is IPv6. */
    final boolean isV6() {
        return v6;
    }

    /** Datagrams one {@code recvmmsg} takes: up to 32, fewer for large maxPacketSize (the batch is native). */
    static int batchSize(int maxPacketSize) {
        return Math.max(1, Math.min(MAX_BATCH, BATCH_BYTES / maxPacketSize));
    }

    private static boolean batching(String property) {
        return !"false".equalsIgnoreCase(System.getProperty(property, "true"));
    }

    private void freeBatches() {
        if (receiveBatch != null) {
            receiveBatch.close();
            receiveBatch = null;
        }
        if (sendBatch != null) {
            sendBatch.close();
            sendBatch = null;
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
        return batchedReads ? readBatches() : readOneByOne();
    }

    private Throwable readBatches() {
        int read = 0;
        while (read < MAX_READS && fd >= 0 && receiveBatch != null) {
            DatagramBatch batch = receiveBatch;
            int got;
            try {
                got = batch.receive(fd, MAX_READS - read);
            } catch (ErrnoException e) {
                readError(e);
                read++;
                continue;
            }
            if (got == Syscalls.WOULD_BLOCK) {
                return null;
            }
            for (int i = 0; i < got; i++) {
                int n = clip(batch.length(i));
                byte[] data = batch.copy(i, n);
                batch.sender(i, from);
                deliver(data);
                if (batch != receiveBatch) {
                    // The protocol closed the port: the batch is freed and the rest of it is not ours to read.
                    return null;
                }
            }
            read += got;
            if (got < batch.capacity()) {
                // The socket is drained: skip the call that would only say EAGAIN.
                return null;
            }
        }
        return null;
    }

    private void readError(ErrnoException e) {
        if (e.errno() == Errno.ECONNREFUSED) {
            if (connectedMode) {
                protocol.connectionRefused();
            }
            return;
        }
        SafeLog.log(LOG, Level.DEBUG, () -> "receive on UDP port " + realPort + ": " + e.getMessage(), null);
    }

    /** The bytes of a datagram of real length {@code n} the protocol gets: counts and logs a cut one. */
    private int clip(int n) {
        if (n > maxPacketSize) {
            truncated++;
            int real = n;
            SafeLog.log(LOG, Level.DEBUG, () -> "UDP port " + realPort + " cut a " + real + "-byte datagram to "
                    + maxPacketSize, null);
            return maxPacketSize;
        }
        return n;
    }

    private void deliver(byte[] data) {
        try {
            protocol.datagramReceived(data, inet ? sender() : null);
        } catch (Throwable t) {
            SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in datagramReceived of " + protocol, t);
        }
    }

    /** The address in {@link #from}: the last one handed out again when the sender is the same (it is immutable). */
    private IAddress sender() {
        long n = SockAddr.family(from) == SockAddr.AF_INET6 ? SockAddr.IN6_SIZE : SockAddr.IN_SIZE;
        if (lastSender == null || MemorySegment.mismatch(from, 0, n, lastFrom, 0, n) >= 0) {
            lastSender = SocketAddresses.of("UDP", from);
            MemorySegment.copy(from, 0, lastFrom, 0, n);
        }
        return lastSender;
    }

    private Throwable readOneByOne() {
        for (int i = 0; i < MAX_READS && fd >= 0; i++) {
            int n;
            try {
                n = Sockets.recvfrom(fd, buffer, 0, maxPacketSize, Sockets.MSG_TRUNC, from);
            } catch (ErrnoException e) {
                readError(e);
                continue;
            }
            if (n == Syscalls.WOULD_BLOCK) {
                return null;
            }
            deliver(Arrays.copyOf(buffer, clip(n)));
        }
        return null;
    }

    @Override
    public void write(byte[] datagram, InetSocketAddress addr) {
        transportHost.checkThread("write");
        Objects.requireNonNull(datagram, "datagram");
        if (fd < 0) {
            throw new IllegalStateException("UDP port " + port + " is not listening");
        }
        if (connectedMode) {
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
            // Behind a queue the kernel cannot judge it now: refuse what it would refuse anyway, here, as a write
            // on an empty queue would.
            int max = v6 ? MAX_IPV6_DATAGRAM : MAX_IPV4_DATAGRAM;
            if (inet && datagram.length > max) {
                throw new MessageLengthError("a " + datagram.length + "-byte datagram is too long to send (at most "
                        + max + ")", null);
            }
            enqueue(datagram, addr);
            return;
        }
        if (!send(datagram, addr)) {
            enqueue(datagram, addr);
            startWriting();
        }
    }

    /** Queues a copy (the caller may reuse its array at once), or drops it when the queue is full. */
    private void enqueue(byte[] datagram, InetSocketAddress addr) {
        if (queue.size() >= MAX_QUEUED_DATAGRAMS || queuedBytes + datagram.length > MAX_QUEUED_BYTES) {
            droppedDatagrams++;
            if (!warnedFull) {
                warnedFull = true;
                SafeLog.log(LOG, Level.WARNING, () -> "UDP port " + realPort + ": write queue full ("
                        + queue.size() + " datagrams, " + queuedBytes + " bytes): dropping datagrams until it drains",
                        null);
            }
            return;
        }
        queue.add(new Queued(datagram.clone(), addr));
        queuedBytes += datagram.length;
    }

    private Queued dequeue() {
        Queued q = queue.poll();
        queuedBytes -= q.datagram().length;
        if (queue.isEmpty()) {
            warnedFull = false;
        }
        return q;
    }

    /** Datagrams dropped so far because the write queue was full. */
    public long droppedDatagrams() {
        return droppedDatagrams;
    }

    /** Sends one datagram: true when done (sent, or refused and reported), false on EAGAIN. */
    private boolean send(byte[] datagram, InetSocketAddress addr) {
        try {
            return Sockets.sendto(fd, datagram, 0, datagram.length, 0, addr) != Syscalls.WOULD_BLOCK;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EMSGSIZE) {
                throw new MessageLengthError("a " + datagram.length + "-byte datagram is too long to send", e);
            }
            if (e.errno() == Errno.ECONNREFUSED && connectedMode) {
                protocol.connectionRefused();
                return true;
            }
            throw e;
        }
    }

    /** Sends what was queued; a datagram that fails now is logged and dropped, and the port goes on. */
    @Override
    public Throwable doWrite() {
        return batchedWrites ? writeBatches() : writeOneByOne();
    }

    private Throwable writeBatches() {
        if (sendBatch == null) {
            sendBatch = DatagramBatch.allocate(SEND_BATCH, SEND_SLOT);
        }
        DatagramBatch batch = sendBatch;
        while (!queue.isEmpty() && fd >= 0) {
            for (Queued q : queue) {
                if (!batch.offer(q.datagram(), q.addr())) {
                    break;
                }
            }
            if (batch.offered() == 0) {
                // Larger than the whole batch (only a non-IP socket allows that): it goes alone.
                return writeOneByOne();
            }
            int sent;
            try {
                sent = batch.send(fd);
            } catch (RuntimeException e) {
                // The first datagram failed: report it as a single send would, drop it, go on with the rest.
                dropFailed(dequeue(), e);
                continue;
            }
            if (sent == Syscalls.WOULD_BLOCK) {
                return null;
            }
            for (int i = 0; i < sent; i++) {
                dequeue();
            }
        }
        stopWriting();
        return null;
    }

    private void dropFailed(Queued q, RuntimeException e) {
        if (e instanceof ErrnoException errno && errno.errno() == Errno.ECONNREFUSED && connectedMode) {
            protocol.connectionRefused();
            return;
        }
        SafeLog.log(LOG, Level.WARNING, () -> "dropped a queued " + q.datagram().length + "-byte datagram on UDP port "
                + realPort + ": " + e.getMessage(), null);
    }

    private Throwable writeOneByOne() {
        while (!queue.isEmpty() && fd >= 0) {
            Queued q = queue.peek();
            boolean done;
            try {
                done = send(q.datagram(), q.addr());
            } catch (RuntimeException e) {
                SafeLog.log(LOG, Level.WARNING,
                        () -> "dropped a queued datagram on UDP port " + realPort + ": " + e.getMessage(), null);
                done = true;
            }
            if (!done) {
                return null;
            }
            dequeue();
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
        transportHost.checkThread("connect");
        if (connectedMode) {
            throw new IllegalStateException("already connected to " + (peer != null ? peer : "its peer"));
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
        connectedMode = true;
    }

    @Override
    public final <T> void setOption(SocketOption<T> name, T value) {
        transportHost.checkThread("setOption");
        SocketOptionTable.set(fd, inet ? SocketKind.UDP : SocketKind.UNIX, name, value);
    }

    @Override
    public final <T> T getOption(SocketOption<T> name) {
        return SocketOptionTable.get(fd, inet ? SocketKind.UDP : SocketKind.UNIX, name);
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return SocketOptionTable.supported(inet ? SocketKind.UDP : SocketKind.UNIX);
    }

    @Override
    public void setBroadcastAllowed(boolean enabled) {
        transportHost.checkThread("setBroadcastAllowed");
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
        transportHost.checkThread("stopListening");
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
        SafeLog.log(LOG, Level.DEBUG, () -> "(UDP Port " + realPort + " Closed)", null);
        connected = false;
        transportHost.removeOpenDescriptor(this);
        stopReading();
        stopWriting();
        queue.clear();
        queuedBytes = 0;
        freeBatches();
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

    /** Whether the native receive batch exists: from the start for recvmmsg reads, for tests. */
    boolean hasReceiveBatch() {
        return receiveBatch != null;
    }

    /** Datagrams waiting for the socket to turn writable. */
    public int queuedDatagrams() {
        return queue.size();
    }

    @Override
    public String logPrefix() {
        return LogNames.typeName(protocol) + " (UDP port " + realPort + ")";
    }

    @Override
    public String toString() {
        return "<" + protocol.getClass().getSimpleName() + " on UDP " + (connected ? realPort : "not listening")
                + ">";
    }
}
