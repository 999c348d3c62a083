package dev.twine.internet.task;

import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactorTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

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
    private static final Comparator<ClockDelayedCall> DUE_ORDER =
            Comparator.comparingDouble(ClockDelayedCall::getTime).thenComparingLong(call -> call.sequence);

    private final List<ClockDelayedCall> calls = new ArrayList<>();
    private double now;
    private long nextSequence;

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
        checkSeconds(delaySeconds, "delaySeconds", false);
        Objects.requireNonNull(callable, "callable");
        ClockDelayedCall call = new ClockDelayedCall(this, nextSequence++, now + delaySeconds, callable);
        calls.add(call);
        return call;
    }

    /** The pending calls, soonest first (a copy). */
    @Override
    public List<IDelayedCall> getDelayedCalls() {
        List<ClockDelayedCall> sorted = new ArrayList<>(calls);
        sorted.sort(DUE_ORDER);
        return List.copyOf(sorted);
    }

    /**
     * Moves time forward by {@code amount} seconds and runs every call due by then.
     *
     * @throws IllegalArgumentException if {@code amount} is negative or not a number: time does not go back
     */
    public void advance(double amount) {
        checkSeconds(amount, "amount", false);
        now += amount;
        ClockDelayedCall next;
        while ((next = firstDue()) != null) {
            calls.remove(next);
            next.markCalled();
            next.callable.run();
        }
    }

    /** {@link #advance}s by each amount in turn, running what is due after each step. */
    public void pump(double... timings) {
        for (double amount : timings) {
            advance(amount);
        }
    }

    private ClockDelayedCall firstDue() {
        ClockDelayedCall first = null;
        for (ClockDelayedCall call : calls) {
            if (call.getTime() <= now && (first == null || DUE_ORDER.compare(call, first) < 0)) {
                first = call;
            }
        }
        return first;
    }

    void remove(ClockDelayedCall call) {
        calls.remove(call);
    }

    static void checkSeconds(double seconds, String name, boolean negativeAllowed) {
        if (Double.isNaN(seconds) || (!negativeAllowed && seconds < 0)) {
            throw new IllegalArgumentException(name + " must be a" + (negativeAllowed ? "" : " non-negative")
                    + " number of seconds, was " + seconds);
        }
    }

    @Override
    public String toString() {
        return "<Clock at " + now + "s, " + calls.size() + " pending>";
    }
}
