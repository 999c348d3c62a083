package dev.twine.internet.process;

import dev.twine.internal.sys.Pty;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IProcessProtocol;
import dev.twine.internet.interfaces.IProducer;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A child on a pseudo-terminal: Twisted's {@code process.PTYProcess}. The parent reads and writes the pty master;
 * what the child prints arrives as {@code childDataReceived(1, data)}. There are no separate stdin/stdout/stderr
 * to close, so, as in Twisted, {@code closeStdin}/{@code closeStdout}/{@code closeStderr} do nothing,
 * {@code writeToChild}/{@code closeChildFD} are unsupported, and {@link #loseConnection()} closes the master.
 */
final class PtyProcess extends BaseProcess {
    private final Master master;

    PtyProcess(IReactor reactor, ProcessProvider provider, IProcessProtocol proto, int pid, int masterFd) {
        super(reactor, provider, proto, pid);
        master = new Master(reactor, masterFd);
    }

    void startMaster() {
        master.start();
    }

    /** The master: read for the child's output, written for its input, on the shared write path. */
    private final class Master extends PipeDescriptor {

        Master(IReactor reactor, int fd) {
            super(reactor, fd);
        }

        /** EIO is how a master reports that the last holder of the slave closed it: the end of the child's output. */
        @Override
        public Throwable doRead() {
            byte[] buffer = buffers.readBuffer();
            int n;
            try {
                n = Syscalls.read(fileno(), buffer, 0, buffer.length);
            } catch (ErrnoException e) {
                if (e.errno() == Pty.EIO) {
                    return new ConnectionDone("pty closed by the child");
                }
                return new ConnectionLost("read from pty failed: " + e.getMessage(), e);
            }
            if (n == 0) {
                return new ConnectionDone("pty closed by the child");
            }
            if (n > 0) {
                IProcessProtocol p = proto;
                if (p != null) {
                    p.childDataReceived(1, Arrays.copyOf(buffer, n));
                }
            }
            return null;
        }

        @Override
        public void connectionLost(Failure reason) {
            if (disconnected) {
                return;
            }
            super.connectionLost(reason);
            closeFd();
            maybeCallProcessEnded();
        }

        @Override
        public String logPrefix() {
            return "PtyProcess(" + pidForLog() + ")";
        }
    }

    @Override
    boolean descriptorsOpen() {
        return master.fileno() >= 0;
    }

    @Override
    void abandonDescriptors() {
        master.abandon();
    }

    /** A pty has no per-descriptor pipes (Twisted raises NotImplementedError): use {@link #write(byte[])}. */
    @Override
    public void writeToChild(int childFD, byte[] data) {
        throw new UnsupportedOperationException("a pty child has no per-descriptor pipes: use write()");
    }

    @Override
    public void write(byte[] data) {
        master.write(data);
    }

    @Override
    public void write(ByteBuffer data) {
        master.write(data);
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        master.writeSequence(data);
    }

    /** A pty has one descriptor for everything (Twisted raises NotImplementedError): use {@link #loseConnection()}. */
    @Override
    public void closeChildFD(int childFD) {
        throw new UnsupportedOperationException("a pty child has no per-descriptor pipes: use loseConnection()");
    }

    @Override
    public void closeStdin() {
    }

    @Override
    public void closeStdout() {
    }

    @Override
    public void closeStderr() {
    }

    @Override
    public void loseConnection() {
        master.loseConnection();
    }

    @Override
    public void registerProducer(IProducer producer, boolean streaming) {
        master.registerProducer(producer, streaming);
    }

    @Override
    public void unregisterProducer() {
        master.unregisterProducer();
    }

    /** Stops reading the master until {@link #resumeProducing()}. */
    @Override
    public void pauseProducing() {
        master.pauseProducing();
    }

    @Override
    public void resumeProducing() {
        master.resumeProducing();
    }

    @Override
    public void setWindowSize(int rows, int columns) {
        transportHost.checkThread("setWindowSize");
        if (rows <= 0 || rows > 0xffff || columns <= 0 || columns > 0xffff) {
            throw new IllegalArgumentException("window size must be 1..65535 cells: " + rows + "x" + columns);
        }
        int fd = master.fileno();
        if (fd < 0) {
            throw new IllegalStateException("the pty of process " + pidForLog() + " is closed");
        }
        Pty.setWindowSize(fd, rows, columns);
    }

    /** The pty's window size as {@code {rows, columns}}. */
    int[] windowSize() {
        return Pty.windowSize(master.fileno());
    }
}
