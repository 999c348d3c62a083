package dev.twine.internet.interfaces;

import dev.twine.internet.scheduling.Scheduler;
import java.time.Duration;
import java.util.List;

/** Time-based scheduling: Twisted's {@code IReactorTime}. Times are in seconds, as a {@code double}. */
public interface IReactorTime extends Scheduler {
    /** The current time of this scheduler, in seconds; monotonic for a real reactor. */
    double seconds();

    /**
     * Runs {@code callable} once, {@code delaySeconds} from now, on the reactor thread. Calls due at the same
     * time run in the order they were scheduled; a call scheduled from inside a running call runs no earlier than
     * the next pass.
     *
     * @throws IllegalArgumentException if the delay is negative or not a number
     */
    @Override
    IDelayedCall callLater(double delaySeconds, Runnable callable);

    /** {@link #callLater(double, Runnable)} with a {@link Duration}. */
    default IDelayedCall callLater(Duration delay, Runnable callable) {
        return callLater(DurationSeconds.of(delay), callable);
    }

    /** The calls scheduled and not yet run or cancelled, in no particular order. */
    List<IDelayedCall> getDelayedCalls();
}
