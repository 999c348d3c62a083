package dev.twine.internet.unix;

import java.util.concurrent.TimeUnit;

/**
 * At most one log line per interval for one kind of event that a peer can cause as often as it likes (a message
 * with descriptors for a protocol that takes none, say): without it, each such message would be a log line, and the
 * log a lever to fill a disk with. The line that is let through says how many were left out before it.
 *
 * <p>Asking costs a clock read and no allocation, so it may sit on a per-message path. Thread-safe: one limiter may
 * serve a port's connections whatever reactor thread they run on.
 */
final class LogLimiter {
    /** The interval of the transports' limiters: one line per kind per 10 s, per port (or connection). */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long intervalNanos;
    private boolean logged;
    private long lastNanos;
    private long suppressed;

    LogLimiter(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    LogLimiter() {
        this(INTERVAL_NANOS);
    }

    /**
     * Whether to log this event: -1 if not (it is counted), else how many were left out since the last line
     * (0 for none), to say in this one.
     */
    synchronized long take() {
        long now = System.nanoTime();
        if (logged && now - lastNanos < intervalNanos) {
            suppressed++;
            return -1;
        }
        logged = true;
        lastNanos = now;
        long left = suppressed;
        suppressed = 0;
        return left;
    }

    /** What to add to a line that {@link #take} let through after leaving {@code left} out. */
    static String leftOut(long left) {
        return left == 0 ? "" : " (" + left + " more like it in the last "
                + TimeUnit.NANOSECONDS.toSeconds(INTERVAL_NANOS) + " s or so were not logged)";
    }
}
