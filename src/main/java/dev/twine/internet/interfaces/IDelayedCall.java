package dev.twine.internet.interfaces;

import dev.twine.internet.scheduling.ScheduledCall;

/**
 * A call scheduled with {@link IReactorTime#callLater}: Twisted's {@code IDelayedCall}.
 * {@code cancel}, {@code reset} and {@code delay} raise {@code AlreadyCalled} once the call ran and
 * {@code AlreadyCancelled} once it was cancelled.
 */
public interface IDelayedCall extends ScheduledCall {
    /** The time, in the scheduler's {@link IReactorTime#seconds()}, at which the call is due. */
    double getTime();

    /** Stops the call from running. */
    @Override
    void cancel();

    /** Moves the call by {@code secondsLater} seconds (negative: sooner). */
    void delay(double secondsLater);

    /** Reschedules the call to run {@code secondsFromNow} seconds from now. */
    void reset(double secondsFromNow);

    /** True until the call has run or been cancelled. */
    @Override
    boolean active();

    /** True once the call has run. */
    boolean called();

    /** True once the call has been cancelled. */
    boolean cancelled();
}
