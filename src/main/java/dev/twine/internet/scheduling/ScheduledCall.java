package dev.twine.internet.scheduling;

/**
 * A call scheduled with {@link Scheduler#callLater}, as far as its scheduler's users need it: whether it is still
 * due, and a way to stop it. {@link dev.twine.internet.interfaces.IDelayedCall} extends it with the rest.
 */
public interface ScheduledCall {
    /** Stops the call from running. */
    void cancel();

    /** True until the call has run or been cancelled. */
    boolean active();
}
