package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.winsize;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Pseudo-terminals: a master the parent keeps (non-blocking, close-on-exec) and the name of its slave, which the
 * child opens itself as its controlling terminal, so the parent never holds the slave at all.
 */
public final class Pty {
    private static final MethodHandle OPENPT =
            Handles.blocking(LibC.posix_openpt$address(), LibC.posix_openpt$descriptor());
    private static final MethodHandle GRANTPT = Handles.blocking(LibC.grantpt$address(), LibC.grantpt$descriptor());
    private static final MethodHandle UNLOCKPT =
            Handles.nonBlocking(LibC.unlockpt$address(), LibC.unlockpt$descriptor());
    private static final MethodHandle PTSNAME_R =
            Handles.nonBlocking(LibC.ptsname_r$address(), LibC.ptsname_r$descriptor());
    private static final MethodHandle IOCTL_POINTER = Handles.variadic(LibC.ioctl.address(),
            FunctionDescriptor.of(LibC.C_INT, LibC.C_INT, LibC.C_LONG, LibC.C_POINTER), 2);
    /** What reading a master fails with once no one holds its slave open any more: the child's side is gone. */
    public static final int EIO = LibC.EIO();
    private static final long TIOCSWINSZ = LibC.TIOCSWINSZ();
    private static final long TIOCGWINSZ = LibC.TIOCGWINSZ();

    private Pty() {
    }

    /** A new, unlocked pty master; its slave is {@link #slaveName}. */
    public static int openMaster() {
        ThreadFrame frame = ThreadFrame.current();
        int fd;
        try {
            fd = (int) OPENPT.invokeExact(frame.errnoState,
                    LibC.O_RDWR() | LibC.O_NOCTTY() | LibC.O_CLOEXEC() | LibC.O_NONBLOCK());
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(fd, frame, "posix_openpt");
        try {
            Call.check((int) GRANTPT.invokeExact(frame.errnoState, fd), frame, "grantpt", fd);
            Call.check((int) UNLOCKPT.invokeExact(frame.errnoState, fd), frame, "unlockpt", fd);
            return fd;
        } catch (Throwable t) {
            Syscalls.close(fd);
            throw Call.linkageFailure(t);
        }
    }

    /** The path of {@code master}'s slave ({@code /dev/pts/N}). */
    public static String slaveName(int master) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) PTSNAME_R.invokeExact(frame.errnoState, master, frame.scratch, frame.scratch.byteSize());
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.checkReturned(rc, "ptsname_r(" + master + ")");
        return frame.scratch.getString(0);
    }

    /** Sets the terminal's window size in character cells (TIOCSWINSZ; the foreground process gets SIGWINCH). */
    public static void setWindowSize(int fd, int rows, int columns) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment size = frame.scratch.asSlice(0, winsize.sizeof());
        size.fill((byte) 0);
        winsize.ws_row(size, (short) rows);
        winsize.ws_col(size, (short) columns);
        ioctl(frame, fd, TIOCSWINSZ, size, "ioctl(" + fd + ", TIOCSWINSZ)");
    }

    /** The terminal's window size as {@code {rows, columns}} (TIOCGWINSZ). */
    public static int[] windowSize(int fd) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment size = frame.scratch.asSlice(0, winsize.sizeof());
        ioctl(frame, fd, TIOCGWINSZ, size, "ioctl(" + fd + ", TIOCGWINSZ)");
        return new int[] {Short.toUnsignedInt(winsize.ws_row(size)), Short.toUnsignedInt(winsize.ws_col(size))};
    }

    private static void ioctl(ThreadFrame frame, int fd, long request, MemorySegment argument, String call) {
        int rc;
        try {
            rc = (int) IOCTL_POINTER.invokeExact(frame.errnoState, fd, request, argument);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, call);
    }
}
