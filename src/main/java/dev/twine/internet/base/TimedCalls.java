package dev.twine.internet.base;

import dev.twine.internal.sys.SafeLog;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Timed calls on some clock: a 4-ary min-heap ordered by (time, sequence) (half the depth of a binary heap, so
 * fewer cache misses per pop with a million calls pending), each call holding its own index so a
 * cancel or reschedule is O(log n). Calls scheduled while {@link #runDue} is running wait in a side list until the
 * next {@code runDue}, so a reactor call that schedules itself with zero delay cannot starve I/O. The reactor and
 * {@code task.Clock} both keep their calls here.
 */
public final class TimedCalls {
    private static final System.Logger LOG = System.getLogger("dev.twine.reactor");

    private final DoubleSupplier clock;
    private final boolean logErrors;
    private final Consumer<String> threadCheck;
    private DelayedCall[] heap = new DelayedCall[64];
    private int size;
    private final ArrayList<DelayedCall> scheduledDuringRun = new ArrayList<>();
    private boolean running;
    private long nextSequence;

    /**
     * Calls timed by {@code clock}. With {@code logErrors}, an exception from a call is logged and the other calls
     * still run (a reactor); without, it propagates out of {@link #runDue} and the calls not yet run stay
     * scheduled (a test clock).
     */
    public TimedCalls(DoubleSupplier clock, boolean logErrors) {
        this(clock, logErrors, method -> { });
    }

    /**
     * Calls as above whose {@link DelayedCall#cancel}, {@code reset} and {@code delay} first pass their name to
     * {@code threadCheck}, which throws to refuse a caller (a reactor's thread discipline) before anything moves.
     */
    public TimedCalls(DoubleSupplier clock, boolean logErrors, Consumer<String> threadCheck) {
        this.clock = clock;
        this.logErrors = logErrors;
        this.threadCheck = java.util.Objects.requireNonNull(threadCheck, "threadCheck");
    }

    void checkThread(String method) {
        threadCheck.accept(method);
    }

    /** The clock's current time. */
    public double seconds() {
        return clock.getAsDouble();
    }

    /** Raises IllegalArgumentException unless {@code delay} is a non-negative number. */
    public static void checkDelay(double delay) {
        if (!(delay >= 0)) {
            throw new IllegalArgumentException("delay must be >= 0 seconds, was " + delay);
        }
    }

    /** Schedules {@code callable} to run {@code delay} seconds from now. */
    public DelayedCall schedule(double delay, Runnable callable) {
        checkDelay(delay);
        java.util.Objects.requireNonNull(callable, "callable");
        DelayedCall call = new DelayedCall(this, seconds() + delay, nextSequence++, callable);
        if (running) {
            scheduledDuringRun.add(call);
        } else {
            insert(call);
        }
        return call;
    }

    void cancelled(DelayedCall call) {
        if (call.heapIndex >= 0) {
            removeAt(call.heapIndex);
        } else {
            scheduledDuringRun.remove(call);
        }
    }

    /** A reschedule counts as scheduling anew: it goes after calls already due at its new time. */
    void moved(DelayedCall call, double newTime) {
        call.time = newTime;
        call.sequence = nextSequence++;
        if (call.heapIndex >= 0) {
            int i = call.heapIndex;
            siftUp(i);
            if (call.heapIndex == i) {
                siftDown(i);
            }
        }
    }

    /** Seconds until the earliest call is due (0 if overdue), or +infinity when none is scheduled. */
    public double timeUntilNext() {
        double earliest = Double.POSITIVE_INFINITY;
        if (size > 0) {
            earliest = heap[0].time;
        }
        for (int i = 0, n = scheduledDuringRun.size(); i < n; i++) {
            earliest = Math.min(earliest, scheduledDuringRun.get(i).time);
        }
        return earliest == Double.POSITIVE_INFINITY ? earliest : Math.max(0, earliest - seconds());
    }

    /** Whether a call is due now. */
    public boolean hasDue() {
        return timeUntilNext() == 0;
    }

    /** Runs every call due now and scheduled before this {@code runDue} began, in (time, sequence) order. */
    public void runDue() {
        for (int i = 0, n = scheduledDuringRun.size(); i < n; i++) {
            insert(scheduledDuringRun.get(i));
        }
        scheduledDuringRun.clear();
        double now = seconds();
        running = true;
        try {
            while (size > 0 && heap[0].time <= now) {
                DelayedCall call = heap[0];
                removeAt(0);
                call.markCalled();
                if (!logErrors) {
                    call.callable.run();
                    continue;
                }
                try {
                    call.callable.run();
                } catch (Throwable t) {
                    Runnable failed = call.callable;
                    SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in timed call " + failed, t);
                }
            }
        } finally {
            running = false;
        }
    }

    /** The calls not yet run or cancelled, in no particular order. */
    public List<DelayedCall> pending() {
        List<DelayedCall> all = new ArrayList<>(size + scheduledDuringRun.size());
        all.addAll(Arrays.asList(heap).subList(0, size));
        all.addAll(scheduledDuringRun);
        return all;
    }

    /** How many calls are pending. */
    public int count() {
        return size + scheduledDuringRun.size();
    }

    private void insert(DelayedCall call) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = call;
        call.heapIndex = size;
        size++;
        siftUp(size - 1);
    }

    private void removeAt(int i) {
        DelayedCall removed = heap[i];
        removed.heapIndex = -1;
        size--;
        if (i == size) {
            heap[size] = null;
            return;
        }
        DelayedCall last = heap[size];
        heap[size] = null;
        heap[i] = last;
        last.heapIndex = i;
        siftUp(i);
        if (last.heapIndex == i) {
            siftDown(i);
        }
    }

    private static boolean before(DelayedCall a, DelayedCall b) {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }

    private void siftUp(int i) {
        DelayedCall call = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            DelayedCall p = heap[parent];
            if (!before(call, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = call;
        call.heapIndex = i;
    }

    private void siftDown(int i) {
        DelayedCall call = heap[i];
        while (true) {
            int first = 4 * i + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            int last = Math.min(first + 4, size);
            for (int c = first + 1; c < last; c++) {
                if (before(heap[c], heap[best])) {
                    best = c;
                }
            }
            if (!before(heap[best], call)) {
                break;
            }
            heap[i] = heap[best];
            heap[i].heapIndex = i;
            i = best;
        }
        heap[i] = call;
        call.heapIndex = i;
    }
}
