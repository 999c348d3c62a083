package dev.twine.internet.unix;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.abstracts.ReactorBuffers;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.AlreadyListened;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.python.Failure;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A listening UNIX stream socket: Twisted's {@code unix.Port}. A path gets the socket file (with the mode asked
 * for) and, with {@code wantPID}, a lock file {@code path + ".lock"} holding this process's id; a socket file left
 * by a dead owner is removed first, a live owner makes {@link #startListening} fail. The file and the lock go when
 * the port closes. Abstract names (leading NUL) touch no file, so {@code mode} and {@code wantPID} do not apply.
 *
 * <p>Each readiness event accepts what is waiting, up to {@link #MAX_ACCEPTS}; running out of descriptors stops
 * accepting for {@link #BACKOFF_SECONDS} rather than spinning on a socket that stays readable.
 */
final class Port implements IListeningPort, IReadDescriptor {
    private static final System.Logger LOG = System.getLogger("dev.twine.unix");
    static final int MAX_ACCEPTS = 100;
    static final double BACKOFF_SECONDS = 0.1;

    private final IReactor reactor;
    private final ReactorBuffers buffers;
    private final String address;
    private final IProtocolFactory factory;
    private final int backlog;
    private final int mode;
    private final boolean wantPID;
    private final MemorySegment peer = UnixSockets.addressBuffer();

    private int fd = -1;
    private boolean connected;
    private boolean disconnecting;
    private boolean reading;
    private long sessionNumber;
    private LockFile lockFile;
    private Deferred<Void> stopped;
    private IDelayedCall stopCall;
    private IDelayedCall backoffCall;

    Port(IReactor reactor, ReactorBuffers buffers, String address, IProtocolFactory factory, int backlog, int mode,
            boolean wantPID) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.buffers = buffers;
        UnixSockets.bytes(address);
        this.address = address;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.backlog = backlog;
        this.mode = mode;
        this.wantPID = wantPID;
    }

    /**
     * Takes the lock (with {@code wantPID}), binds, sets the mode, listens, starts the factory and accepts.
     *
     * @throws AlreadyListened if it listens already
     * @throws CannotListenError if a live process holds the lock, the directory is missing, the name is in use...
     */
    @Override
    public void startListening() {
        if (connected) {
            throw new AlreadyListened("already listening on " + printable());
        }
        boolean file = SocketFiles.inFilesystem(address);
        if (wantPID && file) {
            lockFile = new LockFile(Path.of(address + ".lock"));
            boolean locked;
            try {
                locked = lockFile.lock();
            } catch (RuntimeException e) {
                lockFile = null;
                throw new CannotListenError(printable(), e);
            }
            if (!locked) {
                lockFile = null;
                throw new CannotListenError(printable(),
                        new IllegalStateException("Cannot acquire lock " + address + ".lock: a live process holds it"));
            }
            if (!lockFile.clean() && SocketFiles.isSocket(address)) {
                // What a dead owner left behind; bind below reports anything else that is in the way.
                SocketFiles.removeQuietly(address);
            }
        }
        int s;
        try {
            s = Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        } catch (ErrnoException e) {
            unlock();
            throw new CannotListenError(printable(), e);
        }
        boolean bound = false;
        try {
            UnixSockets.bind(s, address);
            bound = true;
            if (file) {
                SocketFiles.chmod(address, mode);
            }
            Sockets.listen(s, backlog);
            LOG.log(Level.DEBUG, () -> factory.getClass().getSimpleName() + " starting on " + printable());
            factory.doStart();
        } catch (ErrnoException | IOException e) {
            abandon(s, bound && file);
            throw new CannotListenError(printable(), e);
        } catch (RuntimeException | Error e) {
            abandon(s, bound && file);
            throw e;
        }
        fd = s;
        connected = true;
        disconnecting = false;
        buffers.retain();
        startReading();
    }

    private void abandon(int s, boolean removeFile) {
        Syscalls.close(s);
        if (removeFile) {
            SocketFiles.removeQuietly(address);
        }
        unlock();
    }

    private void unlock() {
        LockFile lock = lockFile;
        lockFile = null;
        if (lock != null) {
            lock.unlock();
        }
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
    public int fileno() {
        return fd;
    }

    @Override
    public Throwable doRead() {
        for (int i = 0; i < MAX_ACCEPTS; i++) {
            if (disconnecting || !connected) {
                return null;
            }
            int client;
            try {
                client = UnixSockets.accept(fd, peer);
            } catch (ErrnoException e) {
                int errno = e.errno();
                if (errno == Errno.EMFILE || errno == Errno.ENFILE || errno == Errno.ENOBUFS
                        || errno == Errno.ENOMEM) {
                    backOff(e);
                } else {
                    LOG.log(Level.ERROR, "accept failed on " + printable(), e);
                }
                return null;
            }
            if (client == Syscalls.WOULD_BLOCK) {
                return null;
            }
            accepted(client);
        }
        return null;
    }

    private void accepted(int client) {
        UNIXAddress address = new UNIXAddress(UnixSockets.name(peer));
        IProtocol protocol;
        try {
            protocol = factory.buildProtocol(address);
        } catch (Throwable t) {
            Syscalls.close(client);
            LOG.log(Level.ERROR, "Unhandled error in buildProtocol of " + factory, t);
            return;
        }
        if (protocol == null) {
            Syscalls.close(client);
            return;
        }
        Server transport;
        try {
            transport = new Server(reactor, buffers, client, protocol, address, this, sessionNumber++);
        } catch (RuntimeException e) {
            Syscalls.close(client);
            throw e;
        }
        try {
            protocol.makeConnection(transport);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "Unhandled error in makeConnection of " + protocol, t);
        }
    }

    private void backOff(ErrnoException e) {
        LOG.log(Level.WARNING, "Could not accept new connection on " + printable() + " (" + e.errnoName()
                + "); pausing accepts for " + BACKOFF_SECONDS + " s");
        stopReading();
        backoffCall = reactor.callLater(BACKOFF_SECONDS, () -> {
            backoffCall = null;
            if (connected && !disconnecting) {
                startReading();
            }
        });
    }

    /** Stops accepting now, closes at the next pass (removing the file and lock); the Deferred fires after. */
    @Override
    public Deferred<Void> stopListening() {
        if (stopped != null) {
            return stopped;
        }
        if (!connected) {
            return Deferred.succeed(null);
        }
        disconnecting = true;
        stopReading();
        cancelBackoff();
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

    @Override
    public void connectionLost(Failure reason) {
        if (!connected) {
            return;
        }
        LOG.log(Level.DEBUG, () -> "(UNIX Port " + printable() + " Closed)");
        connected = false;
        stopReading();
        cancelBackoff();
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
        if (SocketFiles.inFilesystem(address)) {
            SocketFiles.removeQuietly(address);
        }
        unlock();
        buffers.release();
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

    @Override
    public IAddress getHost() {
        return new UNIXAddress(address);
    }

    private String printable() {
        return UnixSockets.printable(address);
    }

    @Override
    public String logPrefix() {
        return factory.getClass().getSimpleName() + " (UNIX " + printable() + ")";
    }

    @Override
    public String toString() {
        return "<" + factory.getClass().getSimpleName() + " on " + printable() + ">";
    }
}
