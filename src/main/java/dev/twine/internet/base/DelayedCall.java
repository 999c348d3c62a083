package dev.twine.internet.base;

import dev.twine.internet.error.AlreadyCalled;
import dev.twine.internet.error.AlreadyCancelled;
import dev.twine.internet.interfaces.IDelayedCall;

/**
 * A call scheduled on a {@link ReactorBase}: Twisted's {@code base.DelayedCall}. It knows its place in the
 * reactor's timer heap, so cancelling and rescheduling cost O(log n) and leave nothing behind.
 */
public final class DelayedCall implements IDelayedCall {
    private final TimedCalls owner;
    final Runnable callable;
    double time;
    /** Breaks ties between calls due at the same time: earlier scheduling runs first. */
    long sequence;
    /** Position in the owner's heap, or -1 while not in it (waiting to be inserted, run, or cancelled). */
    int heapIndex = -1;
    private boolean called;
    private boolean cancelled;

    DelayedCall(TimedCalls owner, double time, long sequence, Runnable callable) {
        this.owner = owner;
        this.time = time;
        this.sequence = sequence;
        this.callable = callable;
    }

    @Override
    public double getTime() {
        return time;
    }

    @Override
    public void cancel() {
        owner.checkThread("cancel");
        checkActive();
        cancelled = true;
        owner.cancelled(this);
    }

    @Override
    public void reset(double secondsFromNow) {
        owner.checkThread("reset");
        checkActive();
        TimedCalls.checkDelay(secondsFromNow);
        owner.moved(this, owner.seconds() + secondsFromNow);
    }

    @Override
    public void delay(double secondsLater) {
        owner.checkThread("delay");
        checkActive();
        if (Double.isNaN(secondsLater)) {
            throw new IllegalArgumentException("delay must be a number, was NaN");
        }
        owner.moved(this, time + secondsLater);
    }

    @Override
    public boolean active() {
        return !called && !cancelled;
    }

    @Override
    public boolean called() {
        return called;
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    void markCalled() {
        called = true;
    }

    private void checkActive() {
        if (cancelled) {
            throw new AlreadyCancelled("this DelayedCall was cancelled");
        }
        if (called) {
            throw new AlreadyCalled("this DelayedCall already ran");
        }
    }

    @Override
    public String toString() {
        String state = called ? "called" : cancelled ? "cancelled" : String.format("due in %.3fs",
                time - owner.seconds());
        return "<DelayedCall " + state + " " + callable + ">";
    }
}
