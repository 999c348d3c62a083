package dev.twine.testing;

import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IReadWriteDescriptor;
import dev.twine.python.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A reader and writer over one real descriptor, recording what the reactor does to it. By default {@code doRead}
 * reads what is there into {@link #received()} and reports {@link ConnectionDone} at end of file, and
 * {@code doWrite} only counts; {@link #onRead} and {@link #onWrite} replace them. Used on the reactor thread only.
 */
public class TestDescriptor implements IReadWriteDescriptor {
    private final String name;
    private int fd;
    private boolean reportClosed;
    private int readChunk = 4096;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    /** Calls of doRead and doWrite so far. */
    public int reads;
    public int writes;
    /** The reasons connectionLost was called with. */
    public final List<Failure> lost = new ArrayList<>();
    /** Replaces the default doRead when set. */
    public Supplier<Throwable> onRead;
    /** Replaces the default doWrite when set. */
    public Supplier<Throwable> onWrite;
    /** Runs after connectionLost recorded its reason. */
    public Runnable onLost;

    public TestDescriptor(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    /** Reads at most {@code bytes} per doRead. */
    public TestDescriptor readChunk(int bytes) {
        readChunk = bytes;
        return this;
    }

    /** The descriptor number, even while {@link #fileno()} pretends to be closed. */
    public int fd() {
        return fd;
    }

    /** Makes fileno() return -1 while the descriptor stays open, as a transport that dropped it would. */
    public void pretendClosed() {
        reportClosed = true;
    }

    @Override
    public int fileno() {
        return reportClosed ? -1 : fd;
    }

    @Override
    public Throwable doRead() {
        reads++;
        return onRead != null ? onRead.get() : readAvailable();
    }

    /** The default doRead: one read(2) of up to the chunk size; ConnectionDone at end of file. */
    public Throwable readAvailable() {
        byte[] buffer = new byte[readChunk];
        int n = Syscalls.read(fd, buffer, 0, buffer.length);
        if (n == 0) {
            return new ConnectionDone("end of file on " + name);
        }
        if (n > 0) {
            received.write(buffer, 0, n);
        }
        return null;
    }

    @Override
    public Throwable doWrite() {
        writes++;
        return onWrite != null ? onWrite.get() : null;
    }

    @Override
    public void connectionLost(Failure reason) {
        lost.add(reason);
        if (onLost != null) {
            onLost.run();
        }
    }

    /** What doRead has read so far, as ASCII. */
    public String received() {
        return received.toString(StandardCharsets.US_ASCII);
    }

    public int receivedBytes() {
        return received.size();
    }

    /** Closes the descriptor (once). */
    public void close() {
        if (fd >= 0) {
            Syscalls.close(fd);
            fd = -1;
        }
    }

    @Override
    public String logPrefix() {
        return name;
    }

    @Override
    public String toString() {
        return name + "(fd " + fd + ")";
    }
}
