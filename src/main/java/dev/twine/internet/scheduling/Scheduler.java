package dev.twine.internet.scheduling;

/**
 * The one thing {@link dev.twine.internet.defer.Deferred#addTimeout} needs of a clock: run something later, and be
 * able to take it back. {@link dev.twine.internet.interfaces.IReactorTime} extends it; it lives below both
 * {@code defer} and {@code interfaces} so that neither package needs the other for timeouts.
 */
@FunctionalInterface
public interface Scheduler {
    /**
     * Runs {@code callable} once, {@code delaySeconds} from now, on the scheduler's thread.
     *
     * @throws IllegalArgumentException if the delay is negative or not a number
     */
    ScheduledCall callLater(double delaySeconds, Runnable callable);
}
