package dev.twine.internet.tcp;

import dev.twine.internet.abstracts.LogNames;
import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.SafeLog;
import dev.twine.internal.sys.SockAddr;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.abstracts.SocketKind;
import dev.twine.internet.abstracts.SocketOptionTable;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.AlreadyListened;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.SocketOptions;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Objects;
import java.util.Set;

/**
 * A listening TCP socket: Twisted's {@code tcp.Port}. Each readiness event accepts up to an adaptive number of
 * connections (more while the queue keeps them coming, fewer once it runs dry, as Twisted's
 * {@code numberAccepts}), builds a protocol for each from the factory and starts it on a {@link Server}.
 *
 * <p>Running out of descriptors (EMFILE, ENFILE) must neither make the reactor spin on a listening socket that stays
 * readable nor leave clients hanging in the accept queue: like Twisted, the port keeps one spare descriptor open
 * while it listens, and when accept fails for want of a descriptor it closes the spare, accepts and closes at once
 * every connection waiting (the clients see their connections closed) and opens the spare again, until the queue is
 * empty. Service resumes by itself as soon as descriptors free up. Running out of kernel memory (ENOBUFS, ENOMEM),
 * or losing the spare, makes the port pause accepting for a short, growing while instead.
 *
 * <p>The spare is given up before anything else happens, the warning included: a logger used for the first time may
 * open files (its configuration, time zone data), and with no descriptor at all it would fail. An episode (from the
 * first failed accept to the next accepted connection) logs one warning, at most one every 10 s, and once it ends
 * how many connections it closed.
 *
 * <p>As in Twisted, the UNIX stream port is a subclass: it supplies the socket ({@link #createSocket}), the accept
 * call and the peer's address ({@link #accept}, {@link #peerAddress}), the transport of an accepted connection
 * ({@link #newServer}), its names for logs and what to clean up once the socket is closed ({@link #socketClosed});
 * the accept loop and the handling of exhausted descriptors are the same for both.
 */
public class Port implements IListeningPort, IReadDescriptor {
    private static final int INITIAL_ACCEPTS = 100;
    private static final int MAX_ACCEPTS = 1000;
    private static final double FIRST_BACKOFF_SECONDS = 0.05;
    private static final double MAX_BACKOFF_SECONDS = 1.0;
    private static final double WARNING_INTERVAL_SECONDS = 10;

    private final System.Logger log;
    /** The reactor the port reads with. */
    protected final IReactor reactor;
    /** The reactor as host of its transports: the thread check and the open-descriptor registry. */
    protected final TransportHost transportHost;
    /** The factory that builds a protocol for each accepted connection. */
    protected final IProtocolFactory factory;
    /** The listen queue's length. */
    protected final int backlog;
    private final String iface;
    private final int port;
    /** Set on the new socket before it is bound. */
    private final SocketOptions options;
    /** An adopted listening socket, used by the first startListening instead of a new one. */
    private int preexisting = -1;

    private int fd = -1;
    private boolean connected;
    private boolean disconnecting;
    private boolean reading;
    private int realPort;
    private int numberAccepts = INITIAL_ACCEPTS;
    private long sessionNumber;
    private final MemorySegment peer;
    private Deferred<Void> stopped;
    private IDelayedCall stopCall;
    private IDelayedCall backoffCall;
    private double backoffSeconds;
    /** True from a failed accept (out of descriptors or memory) until the next accepted connection. */
    private boolean acceptFailing;
    /** Whether the present episode of failed accepts was warned about. */
    private boolean episodeWarned;
    private double lastWarningAt = Double.NEGATIVE_INFINITY;
    /** Connections shed since the last report that an episode ended (including those of episodes not warned of). */
    private long shedUnreported;
    /** Made once, so that pausing accepts creates nothing that would need loading. */
    private final Runnable resumeAccepting = this::resumeAccepting;
    /** The spare descriptor given up to shed a connection when the process is out of them; -1 when lost. */
    private int reserveFd = -1;
    /** Connections accepted and closed at once for want of descriptors. */
    private long shedConnections;
    /** accept4 calls so far, for tests of the accept loop. */
    long acceptCalls;

    /** A port for {@code listenTCP}; it listens once {@link #startListening()} is called. */
    Port(IReactor reactor, int port, IProtocolFactory factory, int backlog, String iface) {
        this(reactor, port, factory, backlog, iface, SocketOptions.none());
    }

    /**
     * A port for {@code listenTCP} that sets {@code options} before binding; they are checked here, before any
     * socket is made.
     */
    Port(IReactor reactor, int port, IProtocolFactory factory, int backlog, String iface, SocketOptions options) {
        this(reactor, factory, backlog, System.getLogger("dev.twine.tcp"), SockAddr.allocateHeap(), port,
                iface, options);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        SocketOptionTable.check(SocketKind.TCP, options);
    }

    /**
     * A port of another address family, for a subclass: {@code peer} is the buffer {@link #accept} fills with the
     * peer's address, {@code log} the logger of its transport.
     */
    protected Port(IReactor reactor, IProtocolFactory factory, int backlog, System.Logger log, MemorySegment peer) {
        this(reactor, factory, backlog, log, peer, 0, "", SocketOptions.none());
    }

    private Port(IReactor reactor, IProtocolFactory factory, int backlog, System.Logger log,
            MemorySegment peer, int port, String iface, SocketOptions options) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.transportHost = TransportHost.of(this.reactor);
        this.factory = Objects.requireNonNull(factory, "factory");
        this.backlog = backlog;
        this.log = log;
        this.peer = peer;
        this.port = port;
        this.iface = iface == null ? "" : iface;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A port over {@code fd}, a listening socket it now owns. */
    static Port adopt(IReactor reactor, int fd, IProtocolFactory factory) {
        InetSocketAddress local = Sockets.getsockname(fd);
        Port p = new Port(reactor, local.getPort(), factory, 50, SockAddr.host(local.getAddress()));
        p.takeOver(fd);
        return p;
    }

    /** Makes the first {@link #startListening()} take over {@code fd}, a listening socket this port now owns. */
    protected final void takeOver(int fd) {
        preexisting = fd;
    }

    /**
     * Binds and listens (or takes over the adopted socket), starts the factory and starts accepting.
     *
     * @throws AlreadyListened if it listens already
     * @throws CannotListenError if the address is in use, not local or not permitted
     */
    @Override
    public final void startListening() {
        transportHost.checkThread("startListening");
        if (connected) {
            throw new AlreadyListened("already listening on " + where());
        }
        int s;
        if (preexisting >= 0) {
            s = preexisting;
            preexisting = -1;
        } else {
            s = createSocket();
        }
        fd = s;
        try {
            listening(s);
            SafeLog.log(log, Level.DEBUG, () -> factory.getClass().getSimpleName() + " starting on " + name(), null);
            factory.doStart();
        } catch (RuntimeException | Error e) {
            fd = -1;
            Syscalls.close(s);
            socketClosed();
            throw e;
        }
        connected = true;
        disconnecting = false;
        numberAccepts = INITIAL_ACCEPTS;
        transportHost.addOpenDescriptor(this);
        try {
            reserveFd = openReserve();
            startReading();
        } catch (RuntimeException | Error e) {
            // Undone as a close is: socket, spare, the factory started above, the reactor's registration.
            connectionLost(new Failure(e));
            throw e;
        }
    }

    /**
     * A new socket, bound and listening; on failure nothing is left open and a {@link CannotListenError} names the
     * address.
     */
    protected int createSocket() {
        InetAddress address;
        if (iface.isEmpty()) {
            address = InetAddress.ofLiteral("0.0.0.0");
        } else {
            address = SocketAddresses.literal(iface);
            if (address == null) {
                throw new CannotListenError(iface, port,
                        new IllegalArgumentException("the interface must be an IP address literal: " + iface));
            }
        }
        boolean v6 = address instanceof Inet6Address;
        int s;
        try {
            s = Sockets.socket(v6 ? Sockets.AF_INET6 : Sockets.AF_INET, Sockets.SOCK_STREAM);
        } catch (ErrnoException e) {
            throw new CannotListenError(iface, port, e);
        }
        try {
            Sockets.setsockopt(s, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1);
            if (v6) {
                // "::" means IPv6 only, so an IPv4 port of the same number stays free for its own listener.
                Sockets.setsockopt(s, Sockets.IPPROTO_IPV6, Sockets.IPV6_V6ONLY, 1);
            }
            // After Twine's own defaults, so the caller's SO_REUSEADDR wins.
            SocketOptionTable.apply(s, SocketKind.TCP, options);
            Sockets.bind(s, new InetSocketAddress(address, port));
            Sockets.listen(s, backlog);
            return s;
        } catch (ErrnoException e) {
            Syscalls.close(s);
            throw new CannotListenError(iface, port, e);
        }
    }

    /** The socket {@code s} listens now (before the factory starts); a failure here closes it. */
    protected void listening(int s) {
        realPort = SockAddr.port(SocketAddresses.local(s));
    }

    /**
     * Accepts one connection from {@code listening} without blocking, its peer's address into {@code peer}: the
     * new descriptor, or {@link Syscalls#WOULD_BLOCK} when the queue is empty.
     */
    protected int accept(int listening, MemorySegment peer) {
        return Sockets.accept(listening, peer);
    }

    /** The address {@link #accept} left in {@code peer}. */
    protected IAddress peerAddress(MemorySegment peer) {
        return SocketAddresses.of("TCP", peer);
    }

    /** The transport of the accepted connection {@code client}; it reads from the moment it exists. */
    protected Connection newServer(int client, IProtocol protocol, IAddress peer, long sessionNumber) {
        return new Server(reactor, client, protocol, peer, this, sessionNumber);
    }

    /** The socket was closed (the port stopped, or failed to start after the socket was made): release the rest. */
    protected void socketClosed() {
    }

    /** The transport's name in logs. */
    protected String kind() {
        return "TCP";
    }

    /** The address listened on, short, for logs. */
    protected String name() {
        return String.valueOf(realPort);
    }

    /** The address listened on, for messages. */
    protected String where() {
        return "port " + realPort;
    }

    private void startReading() {
        if (!reading) {
            reactor.addReader(this);
            reading = true;
        }
    }

    private void stopReading() {
        if (reading) {
            reading = false;
            reactor.removeReader(this);
        }
    }

    @Override
    public final int fileno() {
        return fd;
    }

    /** Accepts what is waiting, up to the adaptive limit. */
    @Override
    public final Throwable doRead() {
        int limit = numberAccepts;
        for (int i = 0; i < limit; i++) {
            if (disconnecting || !connected) {
                return null;
            }
            int client;
            try {
                acceptCalls++;
                client = accept(fd, peer);
            } catch (ErrnoException e) {
                int errno = e.errno();
                if ((errno == Errno.EMFILE || errno == Errno.ENFILE) && reserveFd >= 0) {
                    shedWaiting(e, limit - i);
                    return null;
                }
                if (errno == Errno.EMFILE || errno == Errno.ENFILE || errno == Errno.ENOBUFS
                        || errno == Errno.ENOMEM) {
                    backOff(e);
                    return null;
                }
                if (errno == Errno.EPERM) {
                    // A firewall rule refused this one connection.
                    continue;
                }
                SafeLog.log(log, Level.ERROR, () -> "accept failed on " + where(), e);
                return null;
            }
            if (client == Syscalls.WOULD_BLOCK) {
                numberAccepts = Math.max(1, i);
                return null;
            }
            if (acceptFailing) {
                acceptFailing = false;
                reportRecovery();
            }
            backoffSeconds = 0;
            accepted(client);
        }
        numberAccepts = Math.min(MAX_ACCEPTS, numberAccepts + 20);
        return null;
    }

    private void accepted(int client) {
        IAddress address = peerAddress(peer);
        IProtocol protocol;
        try {
            protocol = factory.buildProtocol(address);
        } catch (Throwable t) {
            Syscalls.close(client);
            SafeLog.log(log, Level.ERROR, () -> "Unhandled error in buildProtocol of " + factory, t);
            return;
        }
        if (protocol == null) {
            Syscalls.close(client);
            return;
        }
        Connection transport;
        try {
            transport = newServer(client, protocol, address, sessionNumber++);
        } catch (RuntimeException e) {
            Syscalls.close(client);
            throw e;
        }
        try {
            protocol.makeConnection(transport);
        } catch (Throwable t) {
            // As on the client side: the error is logged and costs this connection only.
            SafeLog.log(log, Level.ERROR, () -> "Unhandled error in makeConnection of " + protocol
                    + "; disconnecting it", t);
            transport.connectionLost(new Failure(t));
        }
    }

    /**
     * Out of descriptors with the spare in hand: gives the spare up first, so that nothing after it (the warning
     * included) finds the process without a single free descriptor; then accepts and closes up to {@code limit}
     * waiting connections (the clients see theirs closed, rather than hang in the queue), warns while the spare's
     * slot is still free, and takes the spare back. If giving the spare up made no room, accepts pause instead.
     */
    private void shedWaiting(ErrnoException cause, int limit) {
        Syscalls.close(reserveFd);
        reserveFd = -1;
        boolean stalled = false;
        int shed = 0;
        while (shed < limit) {
            int client;
            try {
                acceptCalls++;
                client = accept(fd, peer);
            } catch (ErrnoException e) {
                stalled = true;
                break;
            }
            if (client == Syscalls.WOULD_BLOCK) {
                break;
            }
            Syscalls.close(client);
            shed++;
        }
        shedConnections += shed;
        shedUnreported += shed;
        if (stalled && shed == 0) {
            // The limit is below the spare's own number (or another thread took its slot): retry later instead.
            backOff(cause);
            return;
        }
        warn(cause, "closing new connections until descriptors free up");
        reserveFd = openReserve();
        if (reserveFd < 0) {
            backOff(null);
        }
    }

    private static int openReserve() {
        try {
            return Syscalls.open("/dev/null", Syscalls.O_RDONLY);
        } catch (ErrnoException e) {
            return -1;
        }
    }

    /** Warns of a failed accept: once per episode, and at most once per {@link #WARNING_INTERVAL_SECONDS}. */
    private void warn(ErrnoException e, String action) {
        if (acceptFailing) {
            return;
        }
        acceptFailing = true;
        double now = reactor.seconds();
        if (now - lastWarningAt < WARNING_INTERVAL_SECONDS) {
            episodeWarned = false;
            return;
        }
        lastWarningAt = now;
        episodeWarned = true;
        long shed = shedUnreported;
        SafeLog.log(log, Level.WARNING, () -> "Could not accept new connection on " + where() + " ("
                + (e == null ? "no spare descriptor" : e.errnoName()) + "); " + action
                + (shed == 0 ? "" : "; " + shed + " closed so far"), null);
    }

    /** The first connection accepted after an episode that was warned about: says how many it cost. */
    private void reportRecovery() {
        if (!episodeWarned) {
            return;
        }
        episodeWarned = false;
        long shed = shedUnreported;
        shedUnreported = 0;
        SafeLog.log(log, Level.INFO, () -> "Accepting again on " + where() + (shed == 0 ? ""
                : "; " + shed + " connection(s) closed for want of descriptors"), null);
    }

    /** Out of memory, or of descriptors with no spare: stop accepting for a while rather than spin. */
    private void backOff(ErrnoException e) {
        backoffSeconds = backoffSeconds == 0 ? FIRST_BACKOFF_SECONDS
                : Math.min(MAX_BACKOFF_SECONDS, backoffSeconds * 2);
        warn(e, "pausing accepts for " + backoffSeconds + " s and retrying");
        stopReading();
        backoffCall = reactor.callLater(backoffSeconds, resumeAccepting);
    }

    private void resumeAccepting() {
        backoffCall = null;
        if (connected && !disconnecting) {
            if (reserveFd < 0) {
                reserveFd = openReserve();
            }
            startReading();
        }
    }

    /** Connections accepted and closed at once because the process was out of descriptors. */
    long shedConnections() {
        return shedConnections;
    }

    /** The spare descriptor, or -1 while the port has none. */
    int reserveFd() {
        return reserveFd;
    }

    /** Whether accepts are paused after running out of descriptors or memory. */
    boolean backingOff() {
        return backoffCall != null;
    }

    /**
     * Stops accepting now and closes the socket at the next pass; the Deferred fires after that (with the
     * factory stopped). Calling it again returns the same Deferred.
     */
    @Override
    public final Deferred<Void> stopListening() {
        transportHost.checkThread("stopListening");
        if (stopped != null) {
            return stopped;
        }
        if (!connected) {
            return Deferred.succeed(null);
        }
        disconnecting = true;
        stopReading();
        cancelBackoff();
        // Closed now, not at the next pass: the port number is free at once, and a reactor closed before that pass
        // leaves no descriptor behind. The factory stops and the Deferred fires at the next pass, as in Twisted.
        releaseSocket();
        stopped = new Deferred<>();
        stopCall = reactor.callLater(0, () -> {
            stopCall = null;
            connectionLost(new Failure(new ConnectionDone("port closed")));
        });
        return stopped;
    }

    private void cancelBackoff() {
        if (backoffCall != null) {
            backoffCall.cancel();
            backoffCall = null;
        }
    }

    /** Closes the socket and stops the factory; also how the reactor's shutdown closes the port. */
    @Override
    public final void connectionLost(Failure reason) {
        if (!connected) {
            return;
        }
        SafeLog.log(log, Level.DEBUG, () -> "(" + kind() + " Port " + name() + " Closed)", null);
        connected = false;
        transportHost.removeOpenDescriptor(this);
        stopReading();
        cancelBackoff();
        if (stopCall != null) {
            stopCall.cancel();
            stopCall = null;
        }
        releaseSocket();
        Deferred<Void> d = stopped;
        stopped = null;
        try {
            factory.doStop();
        } finally {
            disconnecting = false;
            if (d != null) {
                d.callback(null);
            }
        }
    }

    /** Closes the socket and the spare descriptor (once). */
    private void releaseSocket() {
        int s = fd;
        if (s < 0) {
            return;
        }
        fd = -1;
        try {
            Syscalls.close(s);
        } catch (ErrnoException ignored) {
            // released even then
        }
        if (reserveFd >= 0) {
            Syscalls.close(reserveFd);
            reserveFd = -1;
        }
        socketClosed();
    }

    /** The address listened on, with the real port when port 0 was asked for. */
    @Override
    public IAddress getHost() {
        if (fd < 0) {
            throw new IllegalStateException("port " + port + " is not listening");
        }
        return SocketAddresses.of("TCP", SocketAddresses.local(fd));
    }

    /** The kind of socket this port listens with, which decides the options it supports. */
    protected SocketKind socketKind() {
        return SocketKind.TCP;
    }

    @Override
    public final <T> void setOption(SocketOption<T> name, T value) {
        transportHost.checkThread("setOption");
        SocketOptionTable.set(fd, socketKind(), name, value);
    }

    @Override
    public final <T> T getOption(SocketOption<T> name) {
        return SocketOptionTable.get(fd, socketKind(), name);
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return SocketOptionTable.supported(socketKind());
    }

    /** The port number listened on, or 0 when not listening. */
    public int realPort() {
        return connected ? realPort : 0;
    }

    @Override
    public String logPrefix() {
        return LogNames.typeName(factory) + " (" + kind() + " " + where() + ")";
    }

    @Override
    public String toString() {
        return "<" + factory.getClass().getSimpleName() + " on " + (connected ? realPort : "not listening") + ">";
    }
}
