package dev.twine.internet.tcp;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ConnectError;
import dev.twine.internet.error.ConnectionRefusedError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.NoRouteError;
import dev.twine.internet.error.TCPTimedOutError;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;

/**
 * One attempt of a {@link BaseConnector}, and the connection it becomes: Twisted's {@code tcp.BaseClient}, shared
 * by the TCP and UNIX clients. The attempt starts at the reactor's next pass (so the factory hears
 * {@code startedConnecting} first) with {@link #attempt}; the socket connects without blocking
 * ({@link #connectSocket}) and the outcome is read from {@code SO_ERROR} when the socket becomes writable (or
 * readable, or hangs up).
 */
public abstract class BaseClient extends Connection {
    private BaseConnector connector;
    private IDelayedCall startCall;

    /** An attempt for {@code connector}, started at the reactor's next pass. */
    protected BaseClient(IReactor reactor, BaseConnector connector) {
        super(reactor, -1, null);
        this.connector = connector;
        startCall = reactor.callLater(0, this::start);
    }

    private void start() {
        startCall = null;
        if (connector != null) {
            attempt();
        }
    }

    /** Begins the attempt: what comes before the socket (a name to resolve, a lock to check), then the connect. */
    protected abstract void attempt();

    /** A new socket for the attempt, bound if asked; on failure none is left open. */
    protected abstract int openSocket() throws ConnectError;

    /** Connects {@code s} without blocking: 0 when connected at once, {@link Syscalls#WOULD_BLOCK} when under way. */
    protected abstract int connect(int s);

    /** What the attempt is doing now, for a timeout's message: its name lookup or its connect. */
    protected String stage() {
        return "while connecting";
    }

    /** Stops what {@link #attempt} left under way before the socket, when the attempt ends early. */
    protected void cancelAttempt() {
    }

    /** Whether the attempt is still on (not ended, not connected). */
    protected final boolean attempting() {
        return connector != null && !connected && !disconnected;
    }

    /** Opens the socket and connects it. */
    protected final void connectSocket() {
        try {
            fd = openSocket();
        } catch (ConnectError e) {
            failIfNotConnected(e);
            return;
        }
        int rc;
        try {
            rc = connect(fd);
        } catch (ErrnoException e) {
            failIfNotConnected(connectError(e.errno(), e));
            return;
        }
        if (rc == 0) {
            connectDone();
        } else {
            startReading();
            startWriting();
        }
    }

    /** Ready while connecting: the attempt is over, one way or the other. */
    private void checkConnect() {
        int error;
        try {
            error = Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR);
        } catch (ErrnoException e) {
            error = e.errno();
        }
        if (error != 0) {
            failIfNotConnected(connectError(error, null));
            return;
        }
        connectDone();
    }

    private void connectDone() {
        stopWriting();
        IProtocol p = connector.buildProtocol(getPeer());
        connected = true;
        if (p == null) {
            // The factory refused: close at once with a protocol that does nothing, as Twisted does.
            protocol = NullProtocol.INSTANCE;
            loseConnection();
            return;
        }
        protocol = p;
        startReading();
        p.makeConnection(this);
    }

    /** Nothing to read while connecting; a subclass that overrides this calls it first (UNIX clients do). */
    @Override
    public Throwable doRead() {
        return connecting() ? null : super.doRead();
    }

    @Override
    public final Throwable doWrite() {
        return connecting() ? null : super.doWrite();
    }

    /** Whether the connect is still under way: then any readiness is its outcome, read here. */
    private boolean connecting() {
        if (connected) {
            return false;
        }
        if (connector != null && fd >= 0) {
            checkConnect();
        }
        return true;
    }

    /**
     * Ends the attempt with {@code reason} unless it already connected or ended: closes the socket and tells the
     * connector, which tells the factory ({@code clientConnectionFailed}).
     */
    protected final void failIfNotConnected(Throwable reason) {
        if (connected || disconnected || connector == null) {
            return;
        }
        if (startCall != null) {
            startCall.cancel();
            startCall = null;
        }
        cancelAttempt();
        stopReading();
        stopWriting();
        if (fd >= 0) {
            int s = fd;
            fd = -1;
            Syscalls.close(s);
        }
        disconnected = true;
        releaseBuffers();
        BaseConnector c = connector;
        connector = null;
        c.connectionFailed(new Failure(reason));
    }

    /** Lost while connecting (the reactor saw a hang-up, or shut down) fails the attempt; after, it closes. */
    @Override
    public void connectionLost(Failure reason) {
        if (disconnected) {
            return;
        }
        if (!connected) {
            int error = 0;
            if (fd >= 0) {
                try {
                    error = Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR);
                } catch (ErrnoException ignored) {
                    // fall back on the reactor's reason
                }
            }
            failIfNotConnected(error != 0 ? connectError(error, null)
                    : new ConnectError(reason.getErrorMessage(), reason.value()));
            return;
        }
        super.connectionLost(reason);
        BaseConnector c = connector;
        if (c != null) {
            c.connectionLost(reason);
        }
    }

    /**
     * The error for a failed connect, by errno as Twisted's {@code error.getConnectError}; public for the UNIX
     * transports, whose connects fail the same ways.
     */
    public static ConnectError connectError(int errno, ErrnoException cause) {
        ErrnoException e = cause != null ? cause : Errno.exception("connect", errno);
        String message = e.errnoName() + ": " + e.description();
        if (errno == Errno.ECONNREFUSED) {
            return new ConnectionRefusedError("Connection was refused by other side: " + message, e);
        }
        if (errno == Errno.ETIMEDOUT) {
            return new TCPTimedOutError("TCP connection timed out: " + message, e);
        }
        if (errno == Errno.ENETUNREACH || errno == Errno.EHOSTUNREACH) {
            return new NoRouteError("No route to host: " + message, e);
        }
        return new ConnectError("An error occurred while connecting: " + message, e);
    }
}
