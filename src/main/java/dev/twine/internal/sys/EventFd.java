package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * eventfd(2) as a wake-up signal. {@link #signal} is called from arbitrary threads, so it uses one shared,
 * never-changing native word and no per-thread state, and ignores EAGAIN (the counter is already non-zero).
 */
public final class EventFd {
    public static final int EFD_NONBLOCK = LibC.EFD_NONBLOCK();
    public static final int EFD_CLOEXEC = LibC.EFD_CLOEXEC();

    private static final MemorySegment ONE = Arena.global().allocate(ValueLayout.JAVA_LONG);
    private static final MethodHandle WRITE = Handles.nonBlockingNoErrno(LibC.write$address(), LibC.write$descriptor());

    static {
        ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
    }

    private EventFd() {
    }

    /** A new non-blocking, close-on-exec eventfd with a zero counter. */
    public static int create() {
        return Syscalls.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    }

    /** Adds one to the counter, making the eventfd readable. */
    public static void signal(int fd) {
        try {
            long ignored = (long) WRITE.invokeExact(fd, ONE, 8L);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** Resets the counter to zero; returns false if it already was (EAGAIN). */
    public static boolean drain(int fd) {
        MemorySegment scratch = ThreadFrame.current().scratch;
        return Syscalls.read(fd, scratch, 0, 8) == 8;
    }
}
