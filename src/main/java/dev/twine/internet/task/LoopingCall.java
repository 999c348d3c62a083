package dev.twine.internet.task;

import dev.twine.internet.defer.Deferred;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.DurationSeconds;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactorTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

/**
 * Calls a function every {@code interval} seconds: Twisted's {@code task.LoopingCall}.
 *
 * <p>Calls keep to the schedule set at {@link #start}: they are due at whole multiples of the interval after the
 * start time, and if a call (or the reactor) runs late, the intervals missed are skipped rather than run in a burst
 * (see {@link #withCount} to learn how many were skipped). A function returning a {@link Deferred} is not called
 * again until that Deferred fires. A function that throws, or whose Deferred fails, stops the loop and fails the
 * Deferred returned by {@code start}.
 *
 * <p>Twisted defaults to the global reactor; here the clock is given explicitly, so tests can pass a {@link Clock}.
 * Use it on the clock's thread only.
 */
public final class LoopingCall {
    private final IReactorTime clock;
    private final Callable<?> function;
    private IDelayedCall call;
    private boolean running;
    private Deferred<LoopingCall> deferred;
    private double interval = Double.NaN;
    private boolean runAtStart;
    private double startTime = Double.NaN;
    /** When the {@link #withCount} function last ran; NaN until it has. */
    private double realLastTime = Double.NaN;

    /** Repeats {@code function} on {@code clock}. */
    public LoopingCall(IReactorTime clock, Runnable function) {
        this(clock, runnableCallable(Objects.requireNonNull(function, "function")));
    }

    /**
     * Repeats {@code function} on {@code clock}; if it returns a {@link Deferred}, the next call is scheduled only
     * once that Deferred has fired.
     */
    public LoopingCall(IReactorTime clock, Callable<?> function) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.function = Objects.requireNonNull(function, "function");
    }

    private static Callable<Object> runnableCallable(Runnable function) {
        return () -> {
            function.run();
            return null;
        };
    }

    /**
     * A LoopingCall that passes {@code countCallable} the number of intervals elapsed since it last ran: 1 when
     * on time, more when intervals were skipped because the process was busy or suspended. With an interval of 0 the
     * count is always 1.
     */
    public static LoopingCall withCount(IReactorTime clock, IntConsumer countCallable) {
        Objects.requireNonNull(countCallable, "countCallable");
        LoopingCall[] self = new LoopingCall[1];
        self[0] = new LoopingCall(clock, () -> self[0].countTick(countCallable));
        return self[0];
    }

    private void countTick(IntConsumer countCallable) {
        double now = clock.seconds();
        if (interval == 0) {
            realLastTime = now;
            countCallable.accept(1);
            return;
        }
        double lastTime = realLastTime;
        if (Double.isNaN(lastTime)) {
            lastTime = runAtStart ? startTime - interval : startTime;
        }
        int count = intervalOf(now) - intervalOf(lastTime);
        if (count > 0) {
            realLastTime = now;
            countCallable.accept(count);
        }
    }

    private int intervalOf(double time) {
        return (int) ((time - startTime) / interval);
    }

    /** {@link #start(double, boolean)} with the first call made at once. */
    public Deferred<LoopingCall> start(double interval) {
        return start(interval, true);
    }

    /** {@link #start(double, boolean)} with a {@link Duration}. */
    public Deferred<LoopingCall> start(Duration interval, boolean now) {
        return start(DurationSeconds.of(interval), now);
    }

    /** {@link #start(double)} with a {@link Duration}. */
    public Deferred<LoopingCall> start(Duration interval) {
        return start(DurationSeconds.of(interval), true);
    }

    /**
     * Starts calling the function every {@code interval} seconds, the first time right now if {@code now}, else
     * one interval from now.
     *
     * @return a Deferred that fires with this LoopingCall once {@link #stop()} ends the loop, or fails with what
     *     the function raised
     * @throws IllegalStateException if already running
     * @throws IllegalArgumentException if {@code interval} is negative or not a number
     */
    public Deferred<LoopingCall> start(double interval, boolean now) {
        checkThread("start");
        if (running) {
            throw new IllegalStateException("Tried to start an already running LoopingCall.");
        }
        if (Double.isNaN(interval) || interval < 0) {
            throw new IllegalArgumentException("interval must be >= 0, was " + interval);
        }
        running = true;
        Deferred<LoopingCall> result = new Deferred<>();
        deferred = result;
        startTime = clock.seconds();
        this.interval = interval;
        runAtStart = now;
        if (now) {
            runOnce();
        } else {
            scheduleFrom(startTime);
        }
        return result;
    }

    /**
     * Stops the loop. The Deferred from {@link #start} fires now, or, if a Deferred returned by the function is
     * still pending, once that one fires.
     *
     * @throws IllegalStateException if not running
     */
    public void stop() {
        checkThread("stop");
        if (!running) {
            throw new IllegalStateException("Tried to stop a LoopingCall that was not running.");
        }
        running = false;
        if (call != null) {
            call.cancel();
            call = null;
            finish();
        }
    }

    /**
     * Restarts the schedule from now: the next call is one full interval away. Has no effect while a Deferred
     * returned by the function is pending.
     *
     * @throws IllegalStateException if not running
     */
    public void reset() {
        checkThread("reset");
        if (!running) {
            throw new IllegalStateException("Tried to reset a LoopingCall that was not running.");
        }
        if (call != null) {
            call.cancel();
            call = null;
            startTime = clock.seconds();
            scheduleFrom(startTime);
        }
    }

    /** A reactor's clock refuses a foreign thread before the loop's state moves (a test clock has no thread). */
    private void checkThread(String method) {
        if (clock instanceof TransportHost reactor) {
            reactor.checkThread(method);
        }
    }

    /** True between {@link #start} and {@link #stop()} (or a failure of the function). */
    public boolean running() {
        return running;
    }

    /** The interval given to the last {@link #start}, in seconds; NaN if never started. */
    public double interval() {
        return interval;
    }

    /** The Deferred {@link #start} returned while the loop runs; {@code null} once it has fired. */
    public Deferred<LoopingCall> deferred() {
        return deferred;
    }

    /** The clock the calls are scheduled on. */
    public IReactorTime clock() {
        return clock;
    }

    private void runOnce() {
        call = null;
        Deferred<Object> d = Deferred.maybeDeferred(function);
        d.addCallback(ignored -> {
            if (running) {
                scheduleFrom(clock.seconds());
            } else {
                finish();
            }
            return null;
        });
        d.addErrback(failure -> {
            running = false;
            Deferred<LoopingCall> pending = deferred;
            deferred = null;
            pending.errback(failure);
            return null;
        });
    }

    private void finish() {
        Deferred<LoopingCall> pending = deferred;
        deferred = null;
        pending.callback(this);
    }

    private void scheduleFrom(double when) {
        call = clock.callLater(delayUntilNextInterval(when), this::runOnce);
    }

    private double delayUntilNextInterval(double when) {
        if (interval == 0) {
            return 0;
        }
        double runningFor = when - startTime;
        double intoInterval = runningFor % interval;
        if (intoInterval < 0) {
            intoInterval += interval;
        }
        double untilNext = interval - intoInterval;
        // When so far from the start that the remainder is lost to rounding, wait a whole interval.
        return when == when + untilNext ? interval : untilNext;
    }

    @Override
    public String toString() {
        return "LoopingCall<" + interval + ">(" + function + ")";
    }
}
