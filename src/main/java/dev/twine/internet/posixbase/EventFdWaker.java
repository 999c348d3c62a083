package dev.twine.internet.posixbase;

import dev.twine.internal.sys.EventFd;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.base.Waker;
import dev.twine.python.Failure;

/** A {@link Waker} on one eventfd: cheaper than a pipe pair, and one descriptor instead of two. */
public final class EventFdWaker implements Waker {
    private int fd;

    public EventFdWaker() {
        fd = EventFd.create();
    }

    @Override
    public synchronized int fileno() {
        return fd;
    }

    /** Locked against {@link #close()}, so a late wake-up never writes to a number the kernel has handed out again. */
    @Override
    public synchronized void wakeUp() {
        if (fd >= 0) {
            EventFd.signal(fd);
        }
    }

    @Override
    public Throwable doRead() {
        EventFd.drain(fd);
        return null;
    }

    @Override
    public void connectionLost(Failure reason) {
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Syscalls.close(fd);
            fd = -1;
        }
    }

    @Override
    public String logPrefix() {
        return "EventFdWaker";
    }
}
