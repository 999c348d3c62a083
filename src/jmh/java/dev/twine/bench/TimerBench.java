package dev.twine.bench;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IDelayedCall;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Timed calls in bulk, in ns per call: each invocation handles {@value #N} calls.
 *
 * <ul>
 *   <li>{@code twineScheduleFire}: {@code callLater(0, task)} N times on an {@link EPollReactor}, then one
 *       {@code runUntilCurrent()} runs them all (no loop, no poll).</li>
 *   <li>{@code twineScheduleCancel}: {@code callLater} N times with delays spread over 60-70 s, then
 *       {@code cancel()} each, in scheduling order.</li>
 *   <li>Peer, {@code stpe*}: a one-thread {@link ScheduledThreadPoolExecutor} with
 *       {@code removeOnCancelPolicy} on (so a cancel leaves its heap, as Twine's does). {@code stpeScheduleRun}
 *       schedules N tasks with 0 delay and waits until its worker has run them all (the worker runs them while
 *       the benchmark thread is still scheduling: two threads, where Twine uses one); {@code stpeScheduleCancel}
 *       is the same schedule-then-cancel as Twine's.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TimerBench.N)
// A million live calls per invocation: a fixed, pre-touched heap whose young generation holds them all keeps
// first-touch page faults and promotions out of the figures.
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms4g", "-Xmx4g", "-Xmn3g",
        "-XX:+AlwaysPreTouch"})
public class TimerBench {
    static final int N = 1_000_000;

    private EPollReactor reactor;
    private ScheduledThreadPoolExecutor stpe;
    private final double[] delaySeconds = new double[N];
    private final long[] delayNanos = new long[N];
    private final IDelayedCall[] calls = new IDelayedCall[N];
    private final ScheduledFuture<?>[] futures = new ScheduledFuture<?>[N];

    /** Written by the reactor thread (the benchmark thread) only. */
    private long fired;
    private final Runnable twineTask = () -> fired++;
    /** Written by the executor's one worker only. */
    private volatile long ran;
    private final Runnable stpeTask = this::increment;

    @Setup(Level.Trial)
    public void setUp() {
        reactor = new EPollReactor();
        stpe = new ScheduledThreadPoolExecutor(1);
        stpe.setRemoveOnCancelPolicy(true);
        stpe.prestartAllCoreThreads();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < N; i++) {
            long nanos = TimeUnit.SECONDS.toNanos(60) + random.nextLong(TimeUnit.SECONDS.toNanos(10));
            delayNanos[i] = nanos;
            delaySeconds[i] = nanos / 1e9;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        reactor.close();
        stpe.shutdownNow();
        stpe.awaitTermination(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer
    private void increment() {
        ran++;
    }

    @Benchmark
    public long twineScheduleFire() {
        long target = fired + N;
        for (int i = 0; i < N; i++) {
            reactor.callLater(0, twineTask);
        }
        reactor.runUntilCurrent();
        if (fired != target) {
            throw new IllegalStateException("ran " + (fired - target + N) + " of " + N + " calls");
        }
        return fired;
    }

    @Benchmark
    public int twineScheduleCancel() {
        for (int i = 0; i < N; i++) {
            calls[i] = reactor.callLater(delaySeconds[i], twineTask);
        }
        for (int i = 0; i < N; i++) {
            calls[i].cancel();
            calls[i] = null;
        }
        return reactor.getDelayedCalls().size();
    }

    @Benchmark
    public long stpeScheduleRun() {
        long target = ran + N;
        for (int i = 0; i < N; i++) {
            stpe.schedule(stpeTask, 0, TimeUnit.NANOSECONDS);
        }
        while (ran < target) {
            Thread.onSpinWait();
        }
        return ran;
    }

    @Benchmark
    public int stpeScheduleCancel() {
        for (int i = 0; i < N; i++) {
            futures[i] = stpe.schedule(stpeTask, delayNanos[i], TimeUnit.NANOSECONDS);
        }
        for (int i = 0; i < N; i++) {
            futures[i].cancel(false);
            futures[i] = null;
        }
        return stpe.getQueue().size();
    }
}
