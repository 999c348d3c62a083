package dev.twine.internet.task;

import dev.twine.internet.defer.Deferred;
import dev.twine.internet.interfaces.DurationSeconds;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactorTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/** Module-level helpers of Twisted's {@code twisted.internet.task}. */
public final class Task {
    private Task() {
    }

    /**
     * A Deferred that fires, {@code delay} seconds from now on {@code clock}, with what {@code callable} returns
     * then (waiting for it if it is a Deferred), or fails with what it throws. Cancelling the Deferred before then
     * cancels the call, and the Deferred fails with {@code CancelledError}.
     *
     * @param callable what to run; {@code null} to just fire with {@code null}
     */
    public static <T> Deferred<T> deferLater(IReactorTime clock, double delay, Callable<? extends T> callable) {
        Objects.requireNonNull(clock, "clock");
        IDelayedCall[] call = new IDelayedCall[1];
        Deferred<T> d = new Deferred<>(self -> call[0].cancel());
        if (callable != null) {
            // Untyped, as Twisted's deferLater: a Deferred the callable returns is waited for.
            d.addCallbackUntyped(ignored -> callable.call());
        }
        call[0] = clock.callLater(delay, () -> d.callback(null));
        return d;
    }

    /** A Deferred that fires with {@code null} {@code delay} seconds from now: a cancellable sleep. */
    public static Deferred<Void> deferLater(IReactorTime clock, double delay) {
        return deferLater(clock, delay, null);
    }

    /** {@link #deferLater(IReactorTime, double, Callable)} with a {@link Duration}. */
    public static <T> Deferred<T> deferLater(IReactorTime clock, Duration delay, Callable<? extends T> callable) {
        return deferLater(clock, DurationSeconds.of(delay), callable);
    }

    /** {@link #deferLater(IReactorTime, double)} with a {@link Duration}. */
    public static Deferred<Void> deferLater(IReactorTime clock, Duration delay) {
        return deferLater(clock, DurationSeconds.of(delay), null);
    }
}
