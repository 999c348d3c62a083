package dev.twine.internet.task;

import dev.twine.internet.base.DelayedCall;
import dev.twine.internet.base.TimedCalls;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactorTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A fake {@link IReactorTime} whose time moves only when told to: Twisted's {@code task.Clock}. Hand it to code
 * under test instead of the reactor, then {@link #advance} it to run what is due, deterministically and instantly.
 *
 * <p>Time starts at 0. Calls run on the thread calling {@link #advance}, in order of due time and, for equal
 * times, in the order they were scheduled. As in Twisted, a call scheduled by a running call that is already due
 * runs in the same {@code advance}. An exception thrown by a call propagates out of {@code advance}; calls not yet
 * run stay scheduled. Not thread-safe.
 */
public final class Clock implements IReactorTime {
    private final TimedCalls calls = new TimedCalls(this::seconds, false);
    private double now;

    /** A clock at time 0 with nothing scheduled. */
    public Clock() {
    }

    /** The fake current time, moved only by {@link #advance}. */
    @Override
    public double seconds() {
        return now;
    }

    /** Schedules {@code callable} {@code delaySeconds} after the fake current time. */
    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable callable) {
        return calls.schedule(delaySeconds, callable);
    }

    /** The pending calls, soonest first (a copy). */
    @Override
    public List<IDelayedCall> getDelayedCalls() {
        List<DelayedCall> sorted = new ArrayList<>(calls.pending());
        sorted.sort(Comparator.comparingDouble(DelayedCall::getTime));
        return List.copyOf(sorted);
    }

    /**
     * Moves time forward by {@code amount} seconds and runs every call due by then.
     *
     * @throws IllegalArgumentException if {@code amount} is negative or not a number: time does not go back
     */
    public void advance(double amount) {
        if (!(amount >= 0)) {
            throw new IllegalArgumentException("amount must be a non-negative number of seconds, was " + amount);
        }
        now += amount;
        while (calls.hasDue()) {
            calls.runDue();
        }
    }

    /** {@link #advance}s by each amount in turn, running what is due after each step. */
    public void pump(double... timings) {
        for (double amount : timings) {
            advance(amount);
        }
    }

    @Override
    public String toString() {
        return "<Clock at " + now + "s, " + calls.count() + " pending>";
    }
}
