package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.siginfo_t;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Process descriptors (Linux 5.3+): a child is watched, signalled and reaped through a descriptor that refers to
 * that very process, so a recycled pid is never signalled and no SIGCHLD handler is needed. A pidfd becomes
 * readable when its process exits; {@code waitid(P_PIDFD)} then reaps exactly that child, leaving every other child
 * of the JVM (the JDK's own {@code Process} reaper's) alone.
 */
public final class Pidfd {
    /** {@link #reap} found the child still running. */
    public static final int RUNNING = -1;

    private static final MethodHandle OPEN = Handles.nonBlocking(LibC.pidfd_open$address(), LibC.pidfd_open$descriptor());
    private static final MethodHandle SEND_SIGNAL =
            Handles.nonBlocking(LibC.pidfd_send_signal$address(), LibC.pidfd_send_signal$descriptor());
    private static final MethodHandle WAITID_NOW =
            Handles.nonBlocking(LibC.waitid$address(), LibC.waitid$descriptor());
    private static final MethodHandle WAITID = Handles.blocking(LibC.waitid$address(), LibC.waitid$descriptor());

    private static final int P_PIDFD = LibC.P_PIDFD();
    private static final int WEXITED = LibC.WEXITED();
    private static final int WNOHANG = LibC.WNOHANG();
    private static final int ESRCH = LibC.ESRCH();
    private static final int ENOSYS = LibC.ENOSYS();
    // si_code values of a SIGCHLD siginfo (Linux ABI; glibc defines them as enum members jextract did not keep).
    private static final int CLD_EXITED = 1;
    private static final int CLD_KILLED = 2;
    private static final int CLD_DUMPED = 3;
    private static final long SI_CODE = siginfo_t.si_code$offset();
    private static final long SI_PID = siginfo_t.layout().byteOffset(PathElement.groupElement("_sifields"),
            PathElement.groupElement("_sigchld"), PathElement.groupElement("si_pid"));
    private static final long SI_STATUS = siginfo_t.layout().byteOffset(PathElement.groupElement("_sifields"),
            PathElement.groupElement("_sigchld"), PathElement.groupElement("si_status"));

    /** The signals {@code signalProcess} knows by name, as Twisted's callers spell them (without "SIG"). */
    private static final java.util.Map<String, Integer> SIGNALS = java.util.Map.of("HUP", LibC.SIGHUP(),
            "INT", LibC.SIGINT(), "QUIT", LibC.SIGQUIT(), "KILL", LibC.SIGKILL(), "USR1", LibC.SIGUSR1(),
            "USR2", LibC.SIGUSR2(), "TERM", LibC.SIGTERM(), "CONT", LibC.SIGCONT(), "STOP", LibC.SIGSTOP());

    private Pidfd() {
    }

    /** The number of the signal named {@code name} ({@code "TERM"}), or -1 if it is not one of {@link #signalNames()}. */
    public static int signalNumber(String name) {
        return SIGNALS.getOrDefault(name, -1);
    }

    /** The names {@link #signalNumber} knows. */
    public static java.util.Set<String> signalNames() {
        return new java.util.TreeSet<>(SIGNALS.keySet());
    }

    /**
     * A close-on-exec descriptor for process {@code pid}.
     *
     * @throws UnsupportedOperationException on kernels older than 5.3, which have no pidfd_open
     */
    public static int open(int pid) {
        ThreadFrame frame = ThreadFrame.current();
        int fd;
        try {
            fd = (int) OPEN.invokeExact(frame.errnoState, pid, 0);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        int errno = Call.errno(fd, frame);
        if (errno != 0) {
            if (errno == ENOSYS) {
                throw new UnsupportedOperationException(
                        "pidfd_open is not available: processes need Linux 5.3 or newer");
            }
            throw Errno.exception("pidfd_open(" + pid + ")", errno);
        }
        return fd;
    }

    /** Sends {@code signal} to the process of {@code pidfd}; false if it has exited already (ESRCH). */
    public static boolean sendSignal(int pidfd, int signal) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) SEND_SIGNAL.invokeExact(frame.errnoState, pidfd, signal, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        int errno = Call.errno(rc, frame);
        if (errno != 0) {
            if (errno == ESRCH) {
                return false;
            }
            throw Errno.exception("pidfd_send_signal(" + pidfd + ", " + signal + ")", errno);
        }
        return true;
    }

    /**
     * Reaps the child of {@code pidfd} if it has exited: returns its wait status in the classic encoding
     * ({@code code << 8} for an exit, the signal number for a kill, {@code | 0x80} for a core dump), or
     * {@link #RUNNING}.
     */
    public static int reap(int pidfd) {
        return waitid(WAITID_NOW, pidfd, WEXITED | WNOHANG);
    }

    /** Waits for the child of {@code pidfd} to exit and reaps it (blocks the calling thread); its wait status. */
    public static int reapBlocking(int pidfd) {
        return waitid(WAITID, pidfd, WEXITED);
    }

    /**
     * Waits for child {@code pid} by its number and reaps it: only for a child that has no pidfd (pidfd_open
     * failed) and was just killed, so the wait is short and the pid cannot have been recycled yet.
     */
    public static int reapByPid(int pid) {
        return waitid(WAITID, LibC.P_PID(), pid, WEXITED);
    }

    private static int waitid(MethodHandle handle, int pidfd, int options) {
        return waitid(handle, P_PIDFD, pidfd, options);
    }

    private static int waitid(MethodHandle handle, int idType, int id, int options) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment info = frame.scratch;
        info.asSlice(0, siginfo_t.layout().byteSize()).fill((byte) 0);
        String call = "waitid(" + (idType == P_PIDFD ? "P_PIDFD, " : "P_PID, ") + id + ")";
        long rc;
        do {
            try {
                rc = Call.checkOrRetry((int) handle.invokeExact(frame.errnoState, idType, id, info, options), frame,
                        call);
            } catch (Throwable t) {
                throw Call.linkageFailure(t);
            }
        } while (rc == Call.RETRY);
        if (info.get(ValueLayout.JAVA_INT, SI_PID) == 0) {
            return RUNNING;
        }
        int code = info.get(ValueLayout.JAVA_INT, SI_CODE);
        int status = info.get(ValueLayout.JAVA_INT, SI_STATUS);
        if (code == CLD_EXITED) {
            return (status & 0xff) << 8;
        }
        if (code == CLD_KILLED) {
            return status & 0x7f;
        }
        if (code == CLD_DUMPED) {
            return (status & 0x7f) | 0x80;
        }
        throw new IllegalStateException("waitid(P_PIDFD) reported si_code " + code + " with WEXITED only");
    }
}
