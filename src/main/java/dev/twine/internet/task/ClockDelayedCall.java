package dev.twine.internet.task;

import dev.twine.internet.error.AlreadyCalled;
import dev.twine.internet.error.AlreadyCancelled;
import dev.twine.internet.interfaces.IDelayedCall;

/** A call scheduled on a {@link Clock}; the Clock re-reads its time on every advance, so moving it is enough. */
final class ClockDelayedCall implements IDelayedCall {
    private final Clock clock;
    /** Breaks ties between calls due at the same time: the earlier scheduled runs first. */
    final long sequence;
    final Runnable callable;
    private double time;
    private boolean called;
    private boolean cancelled;

    ClockDelayedCall(Clock clock, long sequence, double time, Runnable callable) {
        this.clock = clock;
        this.sequence = sequence;
        this.time = time;
        this.callable = callable;
    }

    @Override
    public double getTime() {
        return time;
    }

    @Override
    public void cancel() {
        checkActive();
        cancelled = true;
        clock.remove(this);
    }

    @Override
    public void delay(double secondsLater) {
        Clock.checkSeconds(secondsLater, "secondsLater", true);
        checkActive();
        time += secondsLater;
    }

    @Override
    public void reset(double secondsFromNow) {
        Clock.checkSeconds(secondsFromNow, "secondsFromNow", true);
        checkActive();
        time = clock.seconds() + secondsFromNow;
    }

    @Override
    public boolean active() {
        return !(called || cancelled);
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
            throw new AlreadyCancelled("DelayedCall was already cancelled: " + this);
        }
        if (called) {
            throw new AlreadyCalled("DelayedCall was already called: " + this);
        }
    }

    @Override
    public String toString() {
        String state = called ? " called" : cancelled ? " cancelled" : "";
        return "<DelayedCall 0x" + Integer.toHexString(System.identityHashCode(this)) + " [" + (time - clock.seconds())
                + "s]" + state + " " + callable + ">";
    }
}
