package dev.twine.internet.unix;

import dev.twine.internal.sys.FileNames;
import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.FileStatus;
import dev.twine.internal.sys.SafeLog;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.abstracts.SocketKind;
import dev.twine.internet.abstracts.SocketOptionTable;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.MessageLengthError;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.net.SocketOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * What both UNIX datagram ports share (Twisted's {@code unix.DatagramPort}, of which the connected port is a
 * subclass there too): the socket, optionally bound to a name (a path gets {@code mode}, and is removed when the
 * port closes so the name can be bound again), reading up to {@link #MAX_READS} datagrams per readiness event,
 * sending one datagram per write (dropped on EAGAIN, as Twisted drops it), and closing.
 */
abstract class DatagramSocket implements IListeningPort, IReadDescriptor {
    static final System.Logger LOG = System.getLogger("dev.twine.unix");
    /** Datagrams read per readiness event at most, so one busy socket cannot starve the others. */
    static final int MAX_READS = 256;

    final IReactor reactor;
    /** The reactor as host of its transports: the thread check and the open-descriptor registry. */
    final TransportHost transportHost;
    /** The name bound to, or null for an unnamed socket. */
    final String bindName;
    final int mode;
    final int maxPacketSize;
    private final byte[] buffer;
    private final MemorySegment from = UnixSockets.addressBuffer();
    /** A peer can cause these per datagram: each kind logs at most once per interval ({@link LogLimiter}). */
    private final LogLimiter readErrors = new LogLimiter();
    private final LogLimiter protocolErrors = new LogLimiter();

    int fd = -1;
    /** The socket file bound, by device and inode: only it is removed again, never what took its name since. */
    private FileStatus boundFile;
    boolean connected;
    private boolean reading;
    private Deferred<Void> stopped;
    private IDelayedCall stopCall;

    DatagramSocket(IReactor reactor, String bindName, int maxPacketSize, int mode) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.transportHost = TransportHost.of(reactor);
        if (bindName != null) {
            UnixSockets.bytes(bindName);
        }
        if (maxPacketSize <= 0) {
            throw new IllegalArgumentException("maxPacketSize must be positive, was " + maxPacketSize);
        }
        this.bindName = bindName;
        this.mode = mode;
        this.maxPacketSize = maxPacketSize;
        this.buffer = new byte[maxPacketSize];
    }

    /**
     * A datagram socket bound to {@link #bindName} (if any), with its mode set.
     *
     * @throws CannotListenError if it cannot be bound (nothing is left open or on disk)
     */
    final int openBound() {
        int s;
        try {
            s = Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_DGRAM);
        } catch (ErrnoException e) {
            throw new CannotListenError(UnixSockets.printable(bindName), e);
        }
        if (bindName == null) {
            return s;
        }
        try {
            if (SocketFiles.inFilesystem(bindName)) {
                // As for a stream port: the file bind makes never has a wider mode than the one asked for.
                FileNames.fchmod(s, mode);
            }
            UnixSockets.bind(s, bindName);
            if (SocketFiles.inFilesystem(bindName)) {
                boundFile = SocketFiles.claim(bindName, mode);
            }
            return s;
        } catch (ErrnoException | IllegalStateException e) {
            Syscalls.close(s);
            throw new CannotListenError(UnixSockets.printable(bindName), e);
        }
    }

    final void startReading() {
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
    public int fileno() {
        return fd;
    }

    @Override
    public Throwable doRead() {
        for (int i = 0; i < MAX_READS && connected; i++) {
            int n;
            try {
                n = UnixSockets.recvfrom(fd, buffer, 0, maxPacketSize, from);
            } catch (ErrnoException e) {
                long left = readErrors.take();
                if (left >= 0) {
                    SafeLog.log(LOG, Level.DEBUG, () -> "recvfrom on " + this + ": " + e.getMessage()
                            + LogLimiter.leftOut(left), null);
                }
                return null;
            }
            if (n == Syscalls.WOULD_BLOCK) {
                return null;
            }
            byte[] data = Arrays.copyOf(buffer, Math.min(n, maxPacketSize));
            try {
                received(data, from);
            } catch (Throwable t) {
                long left = protocolErrors.take();
                if (left >= 0) {
                    SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in datagramReceived of " + this
                            + LogLimiter.leftOut(left), t);
                }
            }
        }
        return null;
    }

    /** Hands one datagram to the protocol; {@code from} is the address buffer holding its sender. */
    abstract void received(byte[] data, MemorySegment from);

    /** Sends one datagram to {@code to} (null: the connected peer); dropped if the kernel cannot take it now. */
    final void send(byte[] datagram, String to) {
        Objects.requireNonNull(datagram, "datagram");
        if (!connected) {
            throw new IllegalStateException("not open: " + this);
        }
        try {
            UnixSockets.sendto(fd, datagram, 0, datagram.length, to);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EMSGSIZE) {
                throw new MessageLengthError("message too long: " + datagram.length + " bytes", e);
            }
            throw e;
        }
    }

    /** Closes at the reactor's next pass; the Deferred fires after. */
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
        stopped = new Deferred<>();
        stopCall = reactor.callLater(0, () -> {
            stopCall = null;
            connectionLost(new Failure(new ConnectionDone("port closed")));
        });
        return stopped;
    }

    /** Closes the socket (removing its file) and stops the protocol; also the reactor's shutdown path. */
    @Override
    public void connectionLost(Failure reason) {
        if (!connected) {
            return;
        }
        connected = false;
        stopReading();
        if (stopCall != null) {
            stopCall.cancel();
            stopCall = null;
        }
        closeSocket();
        Deferred<Void> d = stopped;
        stopped = null;
        try {
            stopProtocol();
        } finally {
            if (d != null) {
                d.callback(null);
            }
        }
    }

    final void closeSocket() {
        transportHost.removeOpenDescriptor(this);
        int s = fd;
        fd = -1;
        if (s >= 0) {
            try {
                Syscalls.close(s);
            } catch (ErrnoException ignored) {
                // released even then
            }
            FileStatus file = boundFile;
            boundFile = null;
            SocketFiles.removeIfSame(bindName, file);
        }
    }

    abstract void stopProtocol();

    @Override
    public final <T> void setOption(SocketOption<T> name, T value) {
        transportHost.checkThread("setOption");
        SocketOptionTable.set(fd, SocketKind.UNIX, name, value);
    }

    @Override
    public final <T> T getOption(SocketOption<T> name) {
        return SocketOptionTable.get(fd, SocketKind.UNIX, name);
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return SocketOptionTable.supported(SocketKind.UNIX);
    }
}
