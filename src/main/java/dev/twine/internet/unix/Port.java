package dev.twine.internet.unix;

import dev.twine.internal.sys.FileNames;
import dev.twine.internal.sys.FileStatus;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.abstracts.SocketKind;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.internet.interfaces.IReactor;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A listening UNIX stream socket: Twisted's {@code unix.Port}, which is a TCP {@link dev.twine.internet.tcp.Port}
 * with another kind of socket. A path gets the socket file (with the mode asked for) and, with {@code wantPID}, a
 * lock file {@code path + ".lock"} holding this process's id; a socket file left by a dead owner is removed first, a
 * live owner makes {@link #startListening} fail. The file (only while it is still the socket bound: never a link
 * or another listener's socket that took the name since) and the lock go when the port closes. Abstract names
 * (leading NUL) touch no file, so {@code mode} and {@code wantPID} do not apply.
 *
 * <p>Accepting, and what happens when the process runs out of descriptors, is the TCP port's.
 */
final class Port extends dev.twine.internet.tcp.Port {
    private final String address;
    private final int mode;
    private final boolean wantPID;
    private LockFile lockFile;
    /** The socket file bound, by device and inode: only it is removed again, never what took its name since. */
    private FileStatus boundFile;
    /** The rate-limited log lines of its connections' descriptor passing: shared, so more connections log no more. */
    private final DescriptorLog descriptorLog = new DescriptorLog();
    /** Adopted: the socket file, if any, is its creator's to remove. */
    private boolean adopted;

    Port(IReactor reactor, String address, IProtocolFactory factory, int backlog, int mode, boolean wantPID) {
        super(reactor, factory, backlog, System.getLogger("dev.twine.unix"), UnixSockets.addressBuffer());
        UnixSockets.bytes(address);
        this.address = address;
        this.mode = mode;
        this.wantPID = wantPID;
    }

    @Override
    protected SocketKind socketKind() {
        return SocketKind.UNIX;
    }

    /** A port over {@code fd}, a listening AF_UNIX stream socket it now owns ({@code adoptStreamPort}). */
    static Port adopt(IReactor reactor, int fd, IProtocolFactory factory) {
        Port p = new Port(reactor, UnixSockets.getsockname(fd), factory, 50, 0666, false);
        p.adopted = true;
        p.takeOver(fd);
        return p;
    }

    /**
     * Takes the lock (with {@code wantPID}), binds, sets the mode and listens; on failure the lock and the file go
     * again.
     *
     * @throws CannotListenError if a live process holds the lock, the directory is missing, the name is in use...
     */
    @Override
    protected int createSocket() {
        boolean file = SocketFiles.inFilesystem(address);
        if (wantPID && file) {
            lock();
        }
        int s;
        try {
            s = Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        } catch (ErrnoException e) {
            unlock();
            throw new CannotListenError(printable(), e);
        }
        try {
            if (file) {
                // The file is made by bind from the socket's own mode: narrow it first, so no one can connect in
                // the moment before claim sets the mode asked for.
                FileNames.fchmod(s, mode);
            }
            UnixSockets.bind(s, address);
            if (file) {
                boundFile = SocketFiles.claim(address, mode);
            }
            Sockets.listen(s, backlog);
            return s;
        } catch (ErrnoException | IllegalStateException e) {
            abandon(s);
            throw new CannotListenError(printable(), e);
        } catch (RuntimeException | Error e) {
            abandon(s);
            throw e;
        }
    }

    private void lock() {
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
        if (!lockFile.clean()) {
            // What a dead owner left behind, if it is a socket; bind reports anything else that is in the way.
            SocketFiles.removeIfSocket(address);
        }
    }

    private void abandon(int s) {
        Syscalls.close(s);
        removeFile();
        unlock();
    }

    private void removeFile() {
        FileStatus file = boundFile;
        boundFile = null;
        SocketFiles.removeIfSame(address, file);
    }

    private void unlock() {
        LockFile lock = lockFile;
        lockFile = null;
        if (lock != null) {
            lock.unlock();
        }
    }

    DescriptorLog descriptorLog() {
        return descriptorLog;
    }

    @Override
    protected void listening(int s) {
        // The address is known already.
    }

    @Override
    protected int accept(int listening, MemorySegment peer) {
        return UnixSockets.accept(listening, peer);
    }

    @Override
    protected IAddress peerAddress(MemorySegment peer) {
        return new UNIXAddress(UnixSockets.name(peer));
    }

    @Override
    protected dev.twine.internet.tcp.Connection newServer(int client, IProtocol protocol, IAddress peer,
            long sessionNumber) {
        return new Server(reactor, client, protocol, (UNIXAddress) peer, this, sessionNumber);
    }

    /** Removes the socket file and the lock. */
    @Override
    protected void socketClosed() {
        if (!adopted) {
            removeFile();
        }
        unlock();
    }

    @Override
    public IAddress getHost() {
        return new UNIXAddress(address);
    }

    private String printable() {
        return UnixSockets.printable(address);
    }

    @Override
    protected String kind() {
        return "UNIX";
    }

    @Override
    protected String name() {
        return printable();
    }

    @Override
    protected String where() {
        return printable();
    }

    @Override
    public String toString() {
        return "<" + factory.getClass().getSimpleName() + " on " + printable() + ">";
    }
}
