package dev.twine.internet.unix;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.abstracts.ReactorBuffers;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.error.BadFileError;
import dev.twine.internet.error.ConnectError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;
import java.nio.file.Path;

/**
 * One attempt of a UNIX {@link Connector}, and the connection it becomes: Twisted's {@code unix.Client}. The
 * attempt starts at the reactor's next pass (the factory hears {@code startedConnecting} first). A connect to a
 * listening socket completes at once; only a full listen queue makes it wait for writability and
 * {@code SO_ERROR}, as a TCP connect does.
 */
final class Client extends Connection {
    private final String address;
    private final boolean checkPID;
    private Connector connector;
    private IDelayedCall startCall;

    Client(IReactor reactor, ReactorBuffers buffers, String address, boolean checkPID, Connector connector) {
        super(reactor, buffers, -1, null);
        this.address = address;
        this.checkPID = checkPID;
        this.connector = connector;
        startCall = reactor.callLater(0, this::start);
    }

    private void start() {
        startCall = null;
        if (connector == null) {
            return;
        }
        if (checkPID) {
            String problem = lockProblem();
            if (problem != null) {
                failIfNotConnected(new BadFileError(problem));
                return;
            }
        }
        try {
            fd = Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        } catch (ErrnoException e) {
            failIfNotConnected(new ConnectError("could not open a UNIX socket: " + e.getMessage(), e));
            return;
        }
        int rc;
        try {
            rc = UnixSockets.connect(fd, address);
        } catch (ErrnoException e) {
            failIfNotConnected(dev.twine.internet.tcp.Client.connectError(e.errno(), e));
            return;
        }
        if (rc == 0) {
            connectDone();
        } else {
            startReading();
            startWriting();
        }
    }

    /** Why the lock file does not show a live listener, or null if it does (Twisted's {@code isLocked}). */
    private String lockProblem() {
        if (address.startsWith("\0")) {
            return "abstract address " + UnixSockets.printable(address) + " has no lock file to check";
        }
        Path lock = Path.of(address + ".lock");
        try {
            if (!LockFile.isLocked(lock)) {
                return "no live process holds " + lock + " (missing or stale lock file)";
            }
        } catch (RuntimeException e) {
            return "cannot check lock file " + lock + ": " + e.getMessage();
        }
        return null;
    }

    private void checkConnect() {
        int error;
        try {
            error = Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR);
        } catch (ErrnoException e) {
            error = e.errno();
        }
        if (error != 0) {
            failIfNotConnected(dev.twine.internet.tcp.Client.connectError(error, null));
            return;
        }
        connectDone();
    }

    private void connectDone() {
        stopWriting();
        IProtocol p = connector.buildProtocol(getPeer());
        connected = true;
        if (p == null) {
            protocol = new dev.twine.internet.protocol.Protocol();
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

    /** Ends the attempt with {@code reason} unless it connected or ended already; the connector tells the factory. */
    void failIfNotConnected(Throwable reason) {
        if (connected || disconnected || connector == null) {
            return;
        }
        if (startCall != null) {
            startCall.cancel();
            startCall = null;
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

    @Override
    public void connectionLost(Failure reason) {
        if (disconnected) {
            return;
        }
        if (!connected) {
            failIfNotConnected(new ConnectError(reason.getErrorMessage(), reason.value()));
            return;
        }
        super.connectionLost(reason);
        Connector c = connector;
        if (c != null) {
            c.connectionLost(reason);
        }
    }

    @Override
    public IAddress getPeer() {
        return new UNIXAddress(address);
    }

    @Override
    public String toString() {
        return "<" + logPrefix() + " to " + UnixSockets.printable(address) + (connected ? "" : " (connecting)") + ">";
    }
}
