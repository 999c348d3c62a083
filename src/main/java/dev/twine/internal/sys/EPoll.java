package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.epoll_event;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * epoll(7), and the off-heap {@code epoll_event} array it fills, behind three accessors ({@link EventArray} owns
 * one for a poller). The struct is packed on x86-64 (12 bytes, {@code data} at offset 4), so {@code data} is read
 * unaligned. An event's mask is read through {@link #isReadable} and its kin rather than by testing bits.
 */
public final class EPoll {
    public static final int EPOLLIN = LibC.EPOLLIN();
    public static final int EPOLLOUT = LibC.EPOLLOUT();
    public static final int EPOLLERR = LibC.EPOLLERR();
    public static final int EPOLLHUP = LibC.EPOLLHUP();
    public static final int EPOLLRDHUP = LibC.EPOLLRDHUP();
    public static final int EPOLLPRI = LibC.EPOLLPRI();
    /** The bits that mean the descriptor is done with: {@code EPOLLHUP | EPOLLERR}. */
    public static final int DISCONNECTED = EPOLLHUP | EPOLLERR;
    public static final int EPOLL_CTL_ADD = LibC.EPOLL_CTL_ADD();
    public static final int EPOLL_CTL_MOD = LibC.EPOLL_CTL_MOD();
    public static final int EPOLL_CTL_DEL = LibC.EPOLL_CTL_DEL();

    /** The size of one {@code struct epoll_event}. */
    public static final long EVENT_SIZE = epoll_event.layout().byteSize();
    private static final long EVENTS_OFFSET = epoll_event.events$offset();
    private static final long DATA_OFFSET = epoll_event.data$offset();

    private static final MethodHandle CREATE =
            Handles.nonBlocking(LibC.epoll_create1$address(), LibC.epoll_create1$descriptor());
    private static final MethodHandle CTL = Handles.nonBlocking(LibC.epoll_ctl$address(), LibC.epoll_ctl$descriptor());
    /** For a poll that may sleep: the thread must be seen to leave Java. */
    private static final MethodHandle WAIT =
            Handles.blocking(LibC.epoll_wait$address(), LibC.epoll_wait$descriptor());
    /** For a poll with a zero timeout, which returns at once. */
    private static final MethodHandle WAIT_NOW =
            Handles.nonBlocking(LibC.epoll_wait$address(), LibC.epoll_wait$descriptor());

    private EPoll() {
    }

    /** A new close-on-exec epoll instance. */
    public static int create() {
        ThreadFrame frame = ThreadFrame.current();
        int fd;
        try {
            fd = (int) CREATE.invokeExact(frame.errnoState, LibC.EPOLL_CLOEXEC());
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        return Call.check(fd, frame, "epoll_create1");
    }

    /** {@code epoll_ctl}; returns 0, or the errno so the caller can tell EPERM (a regular file) from a bug. */
    public static int ctl(int epfd, int op, int fd, int events, long data) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment event = frame.scratch;
        event.set(ValueLayout.JAVA_INT_UNALIGNED, EVENTS_OFFSET, events);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, data);
        int rc;
        try {
            rc = (int) CTL.invokeExact(frame.errnoState, epfd, op, fd, event);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        return Call.errno(rc, frame);
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: forever) for events into {@code pollArray}; returns how many arrived,
     * 0 when interrupted by a signal.
     */
    public static int wait(int epfd, MemorySegment pollArray, int maxEvents, int timeoutMillis) {
        ThreadFrame frame = ThreadFrame.current();
        int n;
        try {
            n = timeoutMillis == 0
                    ? (int) WAIT_NOW.invokeExact(frame.errnoState, epfd, pollArray, maxEvents, 0)
                    : (int) WAIT.invokeExact(frame.errnoState, epfd, pollArray, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        // Interrupted, it returns so the caller looks at its timers again rather than sleeping the whole timeout anew.
        long outcome = Call.checkOrRetry(n, frame, "epoll_wait");
        return outcome == Call.RETRY ? 0 : (int) outcome;
    }

    /** Whether the event mask {@code events} says there is data to read, or an end of file ({@code EPOLLIN}). */
    public static boolean isReadable(int events) {
        return (events & EPOLLIN) != 0;
    }

    /** Whether the event mask {@code events} says the descriptor can be written ({@code EPOLLOUT}). */
    public static boolean isWritable(int events) {
        return (events & EPOLLOUT) != 0;
    }

    /** Whether the event mask {@code events} says the peer hung up ({@code EPOLLHUP}). */
    public static boolean isHangUp(int events) {
        return (events & EPOLLHUP) != 0;
    }

    /** Whether the event mask {@code events} says the descriptor has a pending error ({@code EPOLLERR}). */
    public static boolean isError(int events) {
        return (events & EPOLLERR) != 0;
    }

    /** Whether the event mask {@code events} says either: a hang-up or an error ({@link #DISCONNECTED}). */
    public static boolean isDisconnected(int events) {
        return (events & DISCONNECTED) != 0;
    }

    /** An array for {@code count} events, owned by {@code arena}. */
    public static MemorySegment allocatePollArray(Arena arena, int count) {
        return arena.allocate(EVENT_SIZE * count, 8);
    }

    /** The event mask of the {@code i}th event. */
    public static int getEvents(MemorySegment pollArray, int i) {
        return pollArray.get(ValueLayout.JAVA_INT_UNALIGNED, EVENT_SIZE * i + EVENTS_OFFSET);
    }

    /** The user data of the {@code i}th event. */
    public static long getData(MemorySegment pollArray, int i) {
        return pollArray.get(ValueLayout.JAVA_LONG_UNALIGNED, EVENT_SIZE * i + DATA_OFFSET);
    }
}
