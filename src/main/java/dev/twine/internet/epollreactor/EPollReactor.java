package dev.twine.internet.epollreactor;

import dev.twine.internal.sys.EPoll;
import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.EventArray;
import dev.twine.internal.sys.SafeLog;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.interfaces.IFileDescriptor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.IWriteDescriptor;
import dev.twine.internet.posixbase.ContinuousPolling;
import dev.twine.internet.posixbase.PollLikeMixin;
import dev.twine.internet.posixbase.PosixReactorBase;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A reactor on Linux epoll, level-triggered: Twisted's {@code epollreactor.EPollReactor}.
 *
 * <p>Per descriptor number it keeps the selectable, the interest registered with the kernel (so it never issues
 * an {@code epoll_ctl} that changes nothing) and a generation that travels in each event's user data: an event
 * for a number that was closed and reused within one poll batch finds a newer generation and is dropped instead
 * of reaching the new owner. Events land in an off-heap {@code epoll_event} array that lives across polls and
 * grows with the number of selectables.
 *
 * <pre>{@code
 * try (var reactor = new EPollReactor()) {
 *     reactor.callLater(1.0, reactor::stop);
 *     reactor.run();
 * }
 * }</pre>
 */
public final class EPollReactor extends PosixReactorBase implements PollLikeMixin {
    private static final int READ = 1;
    private static final int WRITE = 2;
    private static final int INITIAL_POLL_CAPACITY = 64;

    private final int epfd;
    private final EventArray events;

    /** Indexed by descriptor number: Twisted's {@code _selectables}. */
    private IFileDescriptor[] selectables = new IFileDescriptor[256];
    /** Indexed by descriptor number: READ and WRITE bits, Twisted's {@code _reads} and {@code _writes}. */
    private byte[] interest = new byte[256];
    private int[] generation = new int[256];
    private int selectableCount;
    private final ContinuousPolling continuousPolling = new ContinuousPolling(this);
    private boolean closed;
    /** True while events of a poll are being handled: the event array must outlive that. */
    private boolean dispatching;
    /** epoll_ctl calls made so far: lets tests prove that no call is redundant. */
    long epollCtlCalls;

    /** A new reactor with its epoll instance, event array and waker. Close it when done. */
    public EPollReactor() {
        epfd = EPoll.create();
        EventArray array = null;
        try {
            array = new EventArray(INITIAL_POLL_CAPACITY);
            events = array;
            installWaker();
        } catch (RuntimeException | Error e) {
            if (array != null) {
                array.close();
            }
            Syscalls.close(epfd);
            throw e;
        }
    }

    // ---------------------------------------------------------------- IReactorFDSet

    @Override
    public void addReader(IReadDescriptor reader) {
        add(reader, READ);
    }

    @Override
    public void addWriter(IWriteDescriptor writer) {
        add(writer, WRITE);
    }

    @Override
    public void removeReader(IReadDescriptor reader) {
        checkThread("removeReader");
        if (continuousPolling.isReading(reader)) {
            continuousPolling.removeReader(reader);
            return;
        }
        remove(reader, READ);
    }

    @Override
    public void removeWriter(IWriteDescriptor writer) {
        checkThread("removeWriter");
        if (continuousPolling.isWriting(writer)) {
            continuousPolling.removeWriter(writer);
            return;
        }
        remove(writer, WRITE);
    }

    @Override
    public List<IFileDescriptor> removeAll() {
        checkThread("removeAll");
        List<IFileDescriptor> removed = removeAll(getReaders(), getWriters());
        return removed;
    }

    @Override
    public List<IReadDescriptor> getReaders() {
        List<IReadDescriptor> readers = new ArrayList<>();
        for (int fd = 0; fd < selectables.length; fd++) {
            if ((interest[fd] & READ) != 0) {
                readers.add((IReadDescriptor) selectables[fd]);
            }
        }
        readers.addAll(continuousPolling.getReaders());
        return readers;
    }

    @Override
    public List<IWriteDescriptor> getWriters() {
        List<IWriteDescriptor> writers = new ArrayList<>();
        for (int fd = 0; fd < selectables.length; fd++) {
            if ((interest[fd] & WRITE) != 0) {
                writers.add((IWriteDescriptor) selectables[fd]);
            }
        }
        writers.addAll(continuousPolling.getWriters());
        return writers;
    }

    private void add(IFileDescriptor selectable, int bit) {
        checkThread(bit == READ ? "addReader" : "addWriter");
        ensureOpen();
        if (bit == READ ? continuousPolling.isReading(selectable) : continuousPolling.isWriting(selectable)) {
            return;
        }
        int fd = selectable.fileno();
        if (fd < 0) {
            throw new IllegalArgumentException("cannot watch " + selectable.logPrefix() + ": its fileno() is " + fd
                    + " (closed)");
        }
        ensureTableCapacity(fd);
        IFileDescriptor previous = selectables[fd];
        if (previous != null && previous != selectable) {
            // The previous owner closed this number without telling us and the kernel reused it.
            forget(fd);
        }
        int current = interest[fd];
        if ((current & bit) != 0) {
            return;
        }
        int wanted = current | bit;
        int rc;
        if (current == 0) {
            int gen = ++generation[fd];
            rc = ctl(EPoll.EPOLL_CTL_ADD, fd, epollEvents(wanted), userData(fd, gen));
            if (rc == Errno.EEXIST) {
                rc = ctl(EPoll.EPOLL_CTL_MOD, fd, epollEvents(wanted), userData(fd, gen));
            }
            if (rc == Errno.EPERM) {
                // epoll refuses regular files: poll them on every pass instead.
                if (bit == READ) {
                    continuousPolling.addReader((IReadDescriptor) selectable);
                } else {
                    continuousPolling.addWriter((IWriteDescriptor) selectable);
                }
                return;
            }
            if (rc != 0) {
                throw Errno.exception("epoll_ctl(ADD, " + fd + ")", rc);
            }
            selectables[fd] = selectable;
            selectableCount++;
        } else {
            rc = ctl(EPoll.EPOLL_CTL_MOD, fd, epollEvents(wanted), userData(fd, generation[fd]));
            if (rc != 0) {
                throw Errno.exception("epoll_ctl(MOD, " + fd + ")", rc);
            }
        }
        interest[fd] = (byte) wanted;
    }

    private void remove(IFileDescriptor selectable, int bit) {
        checkThread(bit == READ ? "removeReader" : "removeWriter");
        if (closed) {
            // Every registration left with the epoll instance, whose number may now be someone else's descriptor.
            return;
        }
        int fd = selectable.fileno();
        if (fd < 0) {
            fd = indexOf(selectable);
            if (fd < 0) {
                return;
            }
        }
        if (fd >= selectables.length || selectables[fd] != selectable) {
            return;
        }
        int current = interest[fd];
        if ((current & bit) == 0) {
            return;
        }
        int remaining = current & ~bit;
        if (remaining != 0) {
            int rc = ctl(EPoll.EPOLL_CTL_MOD, fd, epollEvents(remaining), userData(fd, generation[fd]));
            if (rc != 0 && rc != Errno.EBADF && rc != Errno.ENOENT) {
                throw Errno.exception("epoll_ctl(MOD, " + fd + ")", rc);
            }
            interest[fd] = (byte) remaining;
        } else {
            forget(fd);
        }
    }

    /** Drops every trace of {@code fd}; a descriptor already closed has left epoll by itself (EBADF, ENOENT). */
    private void forget(int fd) {
        int rc = ctl(EPoll.EPOLL_CTL_DEL, fd, 0, 0);
        if (rc != 0 && rc != Errno.EBADF && rc != Errno.ENOENT) {
            throw Errno.exception("epoll_ctl(DEL, " + fd + ")", rc);
        }
        selectables[fd] = null;
        interest[fd] = 0;
        selectableCount--;
    }

    private int ctl(int op, int fd, int events, long data) {
        epollCtlCalls++;
        return EPoll.ctl(epfd, op, fd, events, data);
    }

    private int indexOf(IFileDescriptor selectable) {
        for (int fd = 0; fd < selectables.length; fd++) {
            if (selectables[fd] == selectable) {
                return fd;
            }
        }
        return -1;
    }

    private void ensureTableCapacity(int fd) {
        if (fd >= selectables.length) {
            int size = Math.max(selectables.length * 2, Integer.highestOneBit(fd) * 2);
            selectables = Arrays.copyOf(selectables, size);
            interest = Arrays.copyOf(interest, size);
            generation = Arrays.copyOf(generation, size);
        }
    }

    private static int epollEvents(int bits) {
        return ((bits & READ) != 0 ? EPoll.EPOLLIN : 0) | ((bits & WRITE) != 0 ? EPoll.EPOLLOUT : 0);
    }

    private static long userData(int fd, int gen) {
        return ((long) gen << 32) | (fd & 0xFFFF_FFFFL);
    }

    // ---------------------------------------------------------------- the poll

    @Override
    public void doIteration(double timeoutSeconds) {
        ensureOpen();
        events.ensureCapacity(selectableCount);
        int timeoutMillis = hasPendingFlushes() ? 0 : timeoutSeconds == Double.POSITIVE_INFINITY
                ? -1
                : (int) Math.min(Integer.MAX_VALUE, Math.ceil(timeoutSeconds * 1000));
        if (timeoutMillis != 0) {
            pollState.set(POLLING);
            // A thread call queued before POLLING was visible did not wake us: do not sleep past it.
            if (hasThreadCalls()) {
                timeoutMillis = 0;
            }
        }
        int n;
        try {
            n = events.poll(epfd, timeoutMillis);
        } finally {
            pollState.set(AWAKE);
        }
        dispatching = true;
        try {
            dispatch(n);
        } finally {
            dispatching = false;
        }
        runFlushes();
    }

    private void dispatch(int n) {
        for (int i = 0; i < n; i++) {
            long data = events.data(i);
            int fd = (int) data;
            if (fd >= selectables.length || generation[fd] != (int) (data >>> 32)) {
                continue;
            }
            IFileDescriptor selectable = selectables[fd];
            if (selectable == null) {
                continue;
            }
            try {
                doReadOrWrite(selectable, fd, events.events(i));
            } catch (Throwable t) {
                SafeLog.log(LOG, Level.ERROR,
                        () -> "Unhandled error handling an event of " + selectable.logPrefix(), t);
                // Even its disconnect failed: stop watching it, or its level-triggered event would repeat every
                // pass, and the same error with it, for as long as the descriptor lives.
                if (generation[fd] == (int) (data >>> 32) && selectables[fd] == selectable) {
                    stopWatchingAfterFailure(fd);
                }
            }
        }
    }

    private void stopWatchingAfterFailure(int fd) {
        try {
            forget(fd);
        } catch (Throwable t) {
            SafeLog.log(LOG, Level.ERROR, () -> "could not stop watching descriptor " + fd, t);
        }
    }

    /**
     * The event array now in use, for tests: they check it is freed, since the JDK (25) does not count shared
     * arenas in the direct buffer pool, so a leak of it would go unseen there.
     */
    MemorySegment pollArray() {
        return events.segment();
    }

    /** How many events one poll can return now. */
    public int pollCapacity() {
        return events.capacity();
    }

    // ---------------------------------------------------------------- PollLikeMixin

    @Override
    public int pollDisconnected() {
        return EPoll.DISCONNECTED;
    }

    @Override
    public int pollIn() {
        return EPoll.EPOLLIN;
    }

    @Override
    public int pollOut() {
        return EPoll.EPOLLOUT;
    }

    @Override
    public boolean isReading(IFileDescriptor selectable, int fd) {
        return fd >= 0 && fd < interest.length && (interest[fd] & READ) != 0;
    }

    // ---------------------------------------------------------------- resources

    @Override
    protected void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this EPollReactor is closed");
        }
    }

    /**
     * Releases everything the reactor owns: every transport and port still open is disconnected (its protocol hears
     * {@code connectionLost} with {@link dev.twine.internet.error.ConnectionLost}; sockets, UNIX socket files and
     * their locks are released), then the epoll descriptor, the waker, the event array and the worker pool.
     * Descriptors added with {@code addReader}/{@code addWriter} by user code are not closed: they belong to their
     * owners. Closing twice does nothing.
     *
     * @throws IllegalStateException if the reactor is running
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (running() || reactorThread() != null || dispatching) {
            throw new IllegalStateException("stop the reactor before closing it (close() was called while it "
                    + (dispatching ? "was handling I/O events)" : "runs)"));
        }
        try {
            disconnectOpenDescriptors();
            closeProcesses();
            closeBuffers();
            uninstallWaker();
            closeThreadPool();
        } finally {
            closed = true;
            events.close();
            Syscalls.close(epfd);
        }
    }

    @Override
    public String toString() {
        return "EPollReactor[epfd=" + epfd + ", selectables=" + selectableCount + (closed ? ", closed" : "")
                + (running() ? ", running" : "") + "]";
    }
}
