package dev.twine.internet.tcp;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.ReactorBuffers;
import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.error.ConnectBindError;
import dev.twine.internet.error.ConnectError;
import dev.twine.internet.error.ConnectionRefusedError;
import dev.twine.internet.error.DNSLookupError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.NoRouteError;
import dev.twine.internet.error.TCPTimedOutError;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IHostResolution;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IResolutionReceiver;
import dev.twine.python.Failure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One attempt of a {@link Connector}, and the connection it becomes: Twisted's {@code tcp.Client}. The attempt
 * starts at the reactor's next pass (so the factory hears {@code startedConnecting} first): a host name is
 * resolved with the reactor's {@link dev.twine.internet.interfaces.IHostnameResolver} (off the reactor's thread)
 * and its first address used; the socket connects without blocking and the outcome is read from
 * {@code SO_ERROR} when the socket becomes writable (or readable, or hangs up).
 */
public final class Client extends Connection {
    private final String host;
    private final int port;
    private final InetSocketAddress bindAddress;
    private Connector connector;
    private InetSocketAddress realAddress;
    private IDelayedCall startCall;
    private Resolution resolution;

    Client(IReactor reactor, ReactorBuffers buffers, String host, int port, InetSocketAddress bindAddress,
            Connector connector) {
        super(reactor, buffers, -1, null);
        this.host = host;
        this.port = port;
        this.bindAddress = bindAddress;
        this.connector = connector;
        InetAddress literal = SocketAddresses.literal(host);
        if (literal != null) {
            realAddress = new InetSocketAddress(literal, port);
        }
        startCall = reactor.callLater(0, this::start);
    }

    private void start() {
        startCall = null;
        if (connector == null) {
            return;
        }
        if (realAddress != null) {
            openAndConnect();
            return;
        }
        Resolution r = new Resolution();
        resolution = r;
        reactor.nameResolver().resolveHostName(r, host, port);
    }

    /** Collects the addresses of one resolution; a stale one (the attempt ended meanwhile) is ignored. */
    private final class Resolution implements IResolutionReceiver {
        private IHostResolution handle;
        private InetSocketAddress first;

        @Override
        public void resolutionBegan(IHostResolution resolution) {
            handle = resolution;
        }

        @Override
        public void addressResolved(InetSocketAddress address) {
            if (first == null) {
                first = address;
            }
        }

        @Override
        public void resolutionComplete() {
            if (resolution != this || connector == null) {
                return;
            }
            resolution = null;
            if (first == null) {
                failIfNotConnected(new DNSLookupError("address '" + host + "' not found"));
                return;
            }
            realAddress = first.getPort() == port ? first : new InetSocketAddress(first.getAddress(), port);
            openAndConnect();
        }
    }

    private void openAndConnect() {
        boolean v6 = realAddress.getAddress() instanceof Inet6Address;
        try {
            fd = Sockets.socket(v6 ? Sockets.AF_INET6 : Sockets.AF_INET, Sockets.SOCK_STREAM);
            if (bindAddress != null) {
                Sockets.bind(fd, bindAddress);
            }
        } catch (ErrnoException e) {
            failIfNotConnected(new ConnectBindError("could not bind: " + e.getMessage(), e));
            return;
        }
        int rc;
        try {
            rc = Sockets.connect(fd, realAddress);
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

    @Override
    public Throwable doRead() {
        if (!connected) {
            if (connector != null && fd >= 0) {
                checkConnect();
            }
            return null;
        }
        return super.doRead();
    }

    @Override
    public Throwable doWrite() {
        if (!connected) {
            if (connector != null && fd >= 0) {
                checkConnect();
            }
            return null;
        }
        return super.doWrite();
    }

    /**
     * Ends the attempt with {@code reason} unless it already connected or ended: closes the socket and tells the
     * connector, which tells the factory ({@code clientConnectionFailed}).
     */
    void failIfNotConnected(Throwable reason) {
        if (connected || disconnected || connector == null) {
            return;
        }
        if (startCall != null) {
            startCall.cancel();
            startCall = null;
        }
        Resolution r = resolution;
        resolution = null;
        if (r != null && r.handle != null) {
            r.handle.cancel();
        }
        stopReading();
        stopWriting();
        if (fd >= 0) {
            int s = fd;
            fd = -1;
            Syscalls.close(s);
        }
        disconnected = true;
        releaseBuffers();
        Connector c = connector;
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
        Connector c = connector;
        if (c != null) {
            c.connectionLost(reason);
        }
    }

    /**
     * The error for a failed connect, by errno as Twisted's {@code error.getConnectError}; public for the UNIX
     * transport, whose connects fail the same ways.
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

    @Override
    public IAddress getPeer() {
        return realAddress == null ? null : SocketAddresses.of("TCP", realAddress);
    }

    @Override
    public String toString() {
        return "<" + logPrefix() + " to " + host + " port " + port + (connected ? "" : " (connecting)") + ">";
    }
}
