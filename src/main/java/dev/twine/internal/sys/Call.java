package dev.twine.internal.sys;

/**
 * The one calling convention of the syscall layer, as mio's {@code syscall!} macro is Rust's. Each wrapper makes
 * its downcall with {@code invokeExact} at its own call site, where the handle is a static final constant and the
 * call's exact type is known, so the JIT inlines it and nothing is boxed; it then hands the raw result to one of
 * these, which alone decide what the result means: only here is errno read after a failure and turned into an
 * {@link dev.twine.internet.error.ErrnoException} (through {@link Errno#exception}), EINTR answered with
 * {@link #RETRY} and EAGAIN with {@link Syscalls#WOULD_BLOCK}. None of them allocates unless the call failed: a
 * call's name with its argument is put together only for the exception.
 *
 * <p>A call that may be interrupted loops on the answer, the same two lines everywhere:
 * <pre>{@code
 * long n;
 * do {
 *     n = Call.outcome((long) READ.invokeExact(frame.errnoState, fd, bytes, length), frame, "read");
 * } while (n == Call.RETRY);
 * }</pre>
 * and every {@code invokeExact} sits in {@code try { ... } catch (Throwable t) { throw Call.linkageFailure(t); }},
 * which Java requires since {@code invokeExact} declares {@code Throwable}.
 */
final class Call {
    /** What {@link #outcome} and {@link #checkOrRetry} return for EINTR: make the call again. */
    static final long RETRY = Long.MIN_VALUE;

    private Call() {
    }

    /** {@code rc} if the call succeeded (is not negative), else the exception for errno, naming {@code call}. */
    static int check(int rc, ThreadFrame frame, String call) {
        if (rc < 0) {
            throw Errno.exception(call, frame.errno());
        }
        return rc;
    }

    /** {@link #check(int, ThreadFrame, String)} for a call whose result is a {@code long} ({@code ssize_t}). */
    static long check(long rc, ThreadFrame frame, String call) {
        if (rc < 0) {
            throw Errno.exception(call, frame.errno());
        }
        return rc;
    }

    /** {@link #check(int, ThreadFrame, String)}, naming the call as {@code call(argument)}: {@code close(7)}. */
    static int check(int rc, ThreadFrame frame, String call, int argument) {
        if (rc < 0) {
            throw Errno.exception(call + "(" + argument + ")", frame.errno());
        }
        return rc;
    }

    /** {@link #check(int, ThreadFrame, String)}, naming the call {@code call(first, second)}: {@code kill(9, 15)}. */
    static int check(int rc, ThreadFrame frame, String call, int first, int second) {
        if (rc < 0) {
            throw Errno.exception(call + "(" + first + ", " + second + ")", frame.errno());
        }
        return rc;
    }

    /**
     * {@link #check(int, ThreadFrame, String)}, naming the call as {@code call(detail)} (such as
     * {@code setsockopt(SO_RCVBUF)}), or just {@code call} when {@code detail} is null.
     */
    static int check(int rc, ThreadFrame frame, String call, String detail) {
        if (rc < 0) {
            throw Errno.exception(detail == null ? call : call + "(" + detail + ")", frame.errno());
        }
        return rc;
    }

    /**
     * For a call EINTR interrupts but that never meets EAGAIN ({@code open}, {@code waitid}, {@code epoll_wait},
     * {@code close}): {@code rc}, {@link #RETRY} for EINTR, or the exception naming {@code call}.
     */
    static long checkOrRetry(long rc, ThreadFrame frame, String call) {
        if (rc >= 0) {
            return rc;
        }
        int errno = frame.errno();
        if (errno == Errno.EINTR) {
            return RETRY;
        }
        throw Errno.exception(call, errno);
    }

    /** {@link #checkOrRetry(long, ThreadFrame, String)}, naming the call as {@code call(argument)}. */
    static long checkOrRetry(long rc, ThreadFrame frame, String call, int argument) {
        if (rc >= 0) {
            return rc;
        }
        int errno = frame.errno();
        if (errno == Errno.EINTR) {
            return RETRY;
        }
        throw Errno.exception(call + "(" + argument + ")", errno);
    }

    /**
     * What a read- or write-like call's result means: the result itself, {@link Syscalls#WOULD_BLOCK} for EAGAIN,
     * {@link #RETRY} for EINTR; any other errno becomes the exception naming {@code call}.
     */
    static long outcome(long rc, ThreadFrame frame, String call) {
        if (rc >= 0) {
            return rc;
        }
        return failedOutcome(frame.errno(), Errno.EINTR, call);
    }

    /**
     * {@link #outcome(long, ThreadFrame, String)} where errno {@code retriedToo} also means "call again" (accept's
     * ECONNABORTED: the peer gave up while it was queued, and the next one may be waiting).
     */
    static long outcome(long rc, ThreadFrame frame, String call, int retriedToo) {
        if (rc >= 0) {
            return rc;
        }
        return failedOutcome(frame.errno(), retriedToo, call);
    }

    private static long failedOutcome(int errno, int retriedToo, String call) {
        if (errno == Errno.EAGAIN) {
            return Syscalls.WOULD_BLOCK;
        }
        if (errno == Errno.EINTR || errno == retriedToo) {
            return RETRY;
        }
        throw Errno.exception(call, errno);
    }

    /**
     * 0 if the call succeeded, else its errno, for a caller that tells errnos apart (EINPROGRESS from a connect,
     * EPERM from an epoll_ctl of a regular file) or names the call only once it failed.
     */
    static int errno(int rc, ThreadFrame frame) {
        return rc < 0 ? frame.errno() : 0;
    }

    /**
     * For the calls that return the error number instead of setting errno ({@code posix_spawn} and its helpers,
     * {@code ptsname_r}): nothing if {@code rc} is 0, else the exception for errno {@code rc}, naming {@code call}.
     */
    static void checkReturned(int rc, String call) {
        if (rc != 0) {
            throw Errno.exception(call, rc);
        }
    }

    /**
     * What to throw when {@code invokeExact} itself threw. A downcall throws only unchecked exceptions (a segment
     * of a closed arena, a heap segment a non-critical handle cannot take, an exception thrown inside the same
     * {@code try}, such as {@link #check}'s), and those pass through as they are; anything checked would mean the
     * handle is not what it was bound as, and becomes an {@link AssertionError}.
     */
    static AssertionError linkageFailure(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new AssertionError(t);
    }
}
