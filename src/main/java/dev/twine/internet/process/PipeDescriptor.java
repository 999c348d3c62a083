package dev.twine.internet.process;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IReactor;
import java.lang.foreign.MemorySegment;

/**
 * A parent-side descriptor to a child that the parent writes on the shared write path: a "w" pipe or a pty master.
 * It owns its descriptor, and can be abandoned without telling anyone when the reactor closes under it.
 */
abstract class PipeDescriptor extends FileDescriptor {
    private int fd;

    PipeDescriptor(IReactor reactor, int fd) {
        super(reactor);
        // Not one of the transports the reactor's close() disconnects: the process transport abandons its pipes
        // then, all of them alike, without telling the protocol (see closeProcesses).
        transportHost.removeOpenDescriptor(this);
        this.fd = fd;
        connected = true;
    }

    final void start() {
        startReading();
    }

    @Override
    public final int fileno() {
        return fd;
    }

    @Override
    protected final long writeVector(MemorySegment iov, int count) {
        return Sockets.writev(fd, iov, count);
    }

    /** Drops the queue and closes without telling anyone: the reactor is closing. */
    final void abandon() {
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

    /** Closes the descriptor (once). */
    final void closeFd() {
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
}
