package dev.twine.internet.process;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.abstracts.ReactorBuffers;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;
import java.lang.foreign.MemorySegment;

/**
 * The parent's end of a pipe the child reads (a "w" childFD): Twisted's {@code process.ProcessWriter}, on the
 * shared write path of {@link FileDescriptor}. It is also registered for reading, only to hear of the child closing
 * its end: epoll reports that as an error event on the write end.
 */
final class ProcessWriter extends FileDescriptor {
    private final Process process;
    private final int childFD;
    private int fd;

    ProcessWriter(IReactor reactor, Process process, int fd, int childFD) {
        super(reactor, ReactorBuffers.of(reactor));
        this.process = process;
        this.fd = fd;
        this.childFD = childFD;
        connected = true;
    }

    void start() {
        startReading();
    }

    @Override
    public int fileno() {
        return fd;
    }

    /** A write pipe is "readable" only when the child closed its end. */
    @Override
    public Throwable doRead() {
        return new ConnectionDone("child closed fd " + childFD);
    }

    @Override
    protected long writeVector(MemorySegment iov, int count) {
        return Sockets.writev(fd, iov, count);
    }

    /** Pausing what the child reads from us makes no sense; the read registration only detects the close. */
    @Override
    public void pauseProducing() {
    }

    @Override
    public void resumeProducing() {
    }

    @Override
    public void connectionLost(Failure reason) {
        if (disconnected) {
            return;
        }
        super.connectionLost(reason);
        closeFd();
        process.childConnectionLost(childFD, reason);
    }

    /** Drops the queue and closes without telling anyone: the reactor is closing. */
    void abandon() {
        if (disconnected) {
            return;
        }
        disconnected = true;
        connected = false;
        try {
            stopReading();
            stopWriting();
        } catch (RuntimeException ignored) {
            // the reactor's registrations go with its epoll descriptor anyway
        }
        releaseBuffers();
        closeFd();
    }

    private void closeFd() {
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
    }

    @Override
    public String logPrefix() {
        return "ProcessWriter(" + process.pidForLog() + ", fd " + childFD + ")";
    }
}
