package dev.twine.internet.unix;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.abstracts.SocketKind;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.error.BadFileError;
import dev.twine.internet.error.ConnectError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.tcp.BaseClient;
import dev.twine.python.Failure;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One attempt of a UNIX {@link Connector}, and the connection it becomes: Twisted's {@code unix.Client}, a
 * {@link BaseClient} with the passing of descriptors ({@link DescriptorPassing}). With {@code checkPID} the attempt
 * first checks that a live process holds the lock file. A connect to a listening socket completes at once; only a
 * full listen queue makes it wait for writability and {@code SO_ERROR}, as a TCP connect does.
 */
final class Client extends BaseClient implements DescriptorTransport {
    private final String address;
    private final boolean checkPID;
    private final DescriptorPassing descriptors = new DescriptorPassing(this, super::writeVector, new DescriptorLog());

    Client(IReactor reactor, String address, boolean checkPID, Connector connector) {
        super(reactor, connector);
        this.address = address;
        this.checkPID = checkPID;
    }

    @Override
    protected void attempt() {
        if (checkPID) {
            String problem = lockProblem();
            if (problem != null) {
                failIfNotConnected(new BadFileError(problem));
                return;
            }
        }
        connectSocket();
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

    @Override
    protected int openSocket() {
        try {
            return Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        } catch (ErrnoException e) {
            throw new ConnectError("could not open a UNIX socket: " + e.getMessage(), e);
        }
    }

    @Override
    protected int connect(int s) {
        return UnixSockets.connect(s, address);
    }

    @Override
    public void sendFileDescriptor(int descriptor) {
        transportHost.checkThread("sendFileDescriptor");
        if (!connected || disconnected || disconnecting || fd < 0) {
            // Nothing to send it over (as a write after close, it is dropped).
            return;
        }
        descriptors.queue(descriptor);
        startWriting();
    }

    @Override
    public int queuedFileDescriptors() {
        return descriptors.queued();
    }

    @Override
    protected int receive(byte[] buffer) {
        return descriptors.receive(fd, buffer);
    }

    /** A read, and the end of the connection if a message lost descriptors ({@link DescriptorPassing#receive}). */
    @Override
    public Throwable doRead() {
        Throwable lost = super.doRead();
        return lost != null ? lost : descriptors.takeFailure();
    }

    @Override
    protected long writeVector(MemorySegment iov, int count) {
        return descriptors.writeVector(fd, iov, count);
    }

    @Override
    public void connectionLost(Failure reason) {
        descriptors.closeQueued();
        super.connectionLost(reason);
    }

    @Override
    protected SocketKind socketKind() {
        return SocketKind.UNIX;
    }

    @Override
    public IAddress getHost() {
        return new UNIXAddress(fd < 0 ? null : UnixSockets.getsockname(fd));
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
