package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The file-descriptor system calls the reactor core needs, wrapped once: errno becomes an
 * {@link dev.twine.internet.error.ErrnoException} naming the call, EINTR is retried where POSIX allows, and
 * EAGAIN is the ordinary result {@link #WOULD_BLOCK}.
 */
public final class Syscalls {
    /** What {@link #read} and {@link #write} return when the call would block (EAGAIN). */
    public static final int WOULD_BLOCK = -1;

    public static final int O_NONBLOCK = LibC.O_NONBLOCK();
    public static final int O_CLOEXEC = LibC.O_CLOEXEC();
    public static final int O_RDONLY = LibC.O_RDONLY();
    public static final int RLIMIT_NOFILE = LibC.RLIMIT_NOFILE();

    private static final MethodHandle READ = Handles.nonBlocking(LibC.read$address(), LibC.read$descriptor());
    private static final MethodHandle WRITE = Handles.nonBlocking(LibC.write$address(), LibC.write$descriptor());
    // close may block (SO_LINGER, NFS), so it is not critical.
    private static final MethodHandle CLOSE = Handles.blocking(LibC.close$address(), LibC.close$descriptor());
    private static final MethodHandle PIPE2 = Handles.nonBlocking(LibC.pipe2$address(), LibC.pipe2$descriptor());
    private static final MethodHandle SOCKETPAIR =
            Handles.nonBlocking(LibC.socketpair$address(), LibC.socketpair$descriptor());
    private static final MethodHandle EVENTFD = Handles.nonBlocking(LibC.eventfd$address(), LibC.eventfd$descriptor());
    private static final MethodHandle GETPID = Handles.nonBlocking(LibC.getpid$address(), LibC.getpid$descriptor());
    private static final MethodHandle KILL = Handles.nonBlocking(LibC.kill$address(), LibC.kill$descriptor());
    // open may block (a FIFO waits for its peer, NFS), so it is not critical; the mode is its variadic argument.
    private static final MethodHandle OPEN = Handles.variadicBlocking(LibC.open.address(),
            FunctionDescriptor.of(LibC.C_INT, LibC.C_POINTER, LibC.C_INT, LibC.C_INT), 2);
    private static final MethodHandle FCNTL_INT = Handles.variadic(LibC.fcntl.address(),
            FunctionDescriptor.of(LibC.C_INT, LibC.C_INT, LibC.C_INT, LibC.C_INT), 2);
    private static final MethodHandle GETRLIMIT =
            Handles.nonBlocking(LibC.getrlimit$address(), LibC.getrlimit$descriptor());
    private static final MethodHandle SETRLIMIT =
            Handles.nonBlocking(LibC.setrlimit$address(), LibC.setrlimit$descriptor());

    private Syscalls() {
    }

    /**
     * Whether non-blocking calls use critical handles that take heap arrays in place (JDK 24+), rather than plain
     * capturing handles with a copy through native memory (JDK 22-23, or {@code -Dtwine.criticalHandles=false}).
     */
    public static boolean usesCriticalHandles() {
        return Handles.CRITICAL_CAPTURE;
    }

    /**
     * Reads up to {@code length} bytes at {@code offset} of {@code buffer}. Returns the count, 0 at end of file,
     * or {@link #WOULD_BLOCK}. {@code buffer} must be native unless {@link #usesCriticalHandles()}: pass heap
     * arrays through {@link #read(int, byte[], int, int)}, which copies where it must.
     */
    public static int read(int fd, MemorySegment buffer, long offset, int length) {
        return transfer(READ, "read", fd, buffer, offset, length);
    }

    /** read(2) or write(2), which share a signature and their errno rules: EINTR again, EAGAIN is no error. */
    private static int transfer(MethodHandle call, String name, int fd, MemorySegment buffer, long offset,
            int length) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment bytes = buffer.asSlice(offset, length);
        try {
            long n;
            do {
                n = Call.outcome((long) call.invokeExact(frame.errnoState, fd, bytes, (long) length), frame, name);
            } while (n == Call.RETRY);
            return (int) n;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** {@link #read(int, MemorySegment, long, int)} straight into a heap array where the JDK allows it. */
    public static int read(int fd, byte[] array, int offset, int length) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment into = frame.incoming(array, offset, length);
        int n = transfer(READ, "read", fd, into, 0, length);
        frame.landed(into, array, offset, n);
        return n;
    }

    /**
     * Writes up to {@code length} bytes; returns the count written or {@link #WOULD_BLOCK}. As with
     * {@link #read(int, MemorySegment, long, int)}, {@code buffer} must be native on JDK 22-23.
     */
    public static int write(int fd, MemorySegment buffer, long offset, int length) {
        return transfer(WRITE, "write", fd, buffer, offset, length);
    }

    /** {@link #write(int, MemorySegment, long, int)} straight from a heap array where the JDK allows it. */
    public static int write(int fd, byte[] array, int offset, int length) {
        return transfer(WRITE, "write", fd, ThreadFrame.current().outgoing(array, offset, length), 0, length);
    }

    /**
     * Closes {@code fd}. EINTR is not retried: on Linux the descriptor is released even then, and a retry could
     * close a number another thread has just been given.
     */
    public static void close(int fd) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) CLOSE.invokeExact(frame.errnoState, fd);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        // RETRY (EINTR) is ignored: see above.
        Call.checkOrRetry(rc, frame, "close", fd);
    }

    /** A pipe; returns {@code {readFd, writeFd}}. {@code flags}: {@link #O_NONBLOCK}, {@link #O_CLOEXEC}. */
    public static int[] pipe(int flags) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) PIPE2.invokeExact(frame.errnoState, frame.scratch, flags);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "pipe2");
        return new int[] {frame.scratchInt(0), frame.scratchInt(1)};
    }

    /** A connected pair of sockets, e.g. {@code socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)}. */
    public static int[] socketpair(int domain, int type, int protocol) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) SOCKETPAIR.invokeExact(frame.errnoState, domain, type, protocol, frame.scratch);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "socketpair");
        return new int[] {frame.scratchInt(0), frame.scratchInt(1)};
    }

    /** An eventfd with the given initial value and {@code EFD_*} flags. */
    public static int eventfd(int initialValue, int flags) {
        ThreadFrame frame = ThreadFrame.current();
        int fd;
        try {
            fd = (int) EVENTFD.invokeExact(frame.errnoState, initialValue, flags);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        return Call.check(fd, frame, "eventfd");
    }

    /** {@code fcntl(fd, cmd, arg)} for the commands that take and return an int (F_GETFL, F_SETFL, F_GETFD...). */
    public static int fcntl(int fd, int cmd, int arg) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) FCNTL_INT.invokeExact(frame.errnoState, fd, cmd, arg);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        return Call.check(rc, frame, "fcntl", fd);
    }

    /** Puts {@code fd} into non-blocking mode. */
    public static void setNonBlocking(int fd) {
        int flags = fcntl(fd, LibC.F_GETFL(), 0);
        if ((flags & O_NONBLOCK) == 0) {
            fcntl(fd, LibC.F_SETFL(), flags | O_NONBLOCK);
        }
    }

    /** Whether {@code fd} is an open descriptor of this process. */
    public static boolean isOpen(int fd) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) FCNTL_INT.invokeExact(frame.errnoState, fd, LibC.F_GETFD(), 0);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        return rc >= 0;
    }

    /**
     * Opens {@code path} with the {@code O_*} {@code flags} ({@code O_CLOEXEC} is added); a file it creates gets
     * mode 0666 less the umask. Returns the descriptor.
     */
    public static int open(String path, int flags) {
        ThreadFrame frame = ThreadFrame.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            String call = "open(" + path + ")";
            long fd;
            do {
                fd = Call.checkOrRetry((int) OPEN.invokeExact(frame.errnoState, cPath, flags | O_CLOEXEC, 0666), frame,
                        call);
            } while (fd == Call.RETRY);
            return (int) fd;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    public static int getpid() {
        try {
            return (int) GETPID.invokeExact(ThreadFrame.current().errnoState);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** Sends {@code signal} to {@code pid}. */
    public static void kill(int pid, int signal) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) KILL.invokeExact(frame.errnoState, pid, signal);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "kill", pid, signal);
    }

    /** {@code getrlimit(resource)} as {@code {soft, hard}}. */
    public static long[] getrlimit(int resource) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) GETRLIMIT.invokeExact(frame.errnoState, resource, frame.scratch);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "getrlimit");
        return new long[] {frame.scratch.get(ValueLayout.JAVA_LONG, 0), frame.scratch.get(ValueLayout.JAVA_LONG, 8)};
    }

    /** {@code setrlimit(resource, {soft, hard})}. */
    public static void setrlimit(int resource, long soft, long hard) {
        ThreadFrame frame = ThreadFrame.current();
        frame.scratch.set(ValueLayout.JAVA_LONG, 0, soft);
        frame.scratch.set(ValueLayout.JAVA_LONG, 8, hard);
        int rc;
        try {
            rc = (int) SETRLIMIT.invokeExact(frame.errnoState, resource, frame.scratch);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "setrlimit");
    }
}
