package dev.twine.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * {@link TimerBench}'s timed calls against a benchmark-only peer, the {@code schedule} of a Netty 4.2 native epoll
 * event loop, in ns per call: each invocation handles {@value #N} calls, scheduled from inside the loop (one
 * {@code submit(...).get()} per invocation), so Netty takes its in-loop path straight into its timer heap, as
 * Twine's {@code callLater} does on the reactor thread.
 *
 * <ul>
 *   <li>{@code nettyScheduleFire}: {@code schedule(task, 0, ns)} N times; the loop then runs them all, and the
 *       last one to run completes the invocation (the benchmark thread waits on it).</li>
 *   <li>{@code nettyScheduleCancel}: {@code schedule} N times with TimerBench's delays (60-70 s, same seed),
 *       then {@code cancel(false)} each in scheduling order, all in one task on the loop.</li>
 * </ul>
 * Compare with {@code TimerBench.twineScheduleFire} / {@code twineScheduleCancel} (same N, same heap settings).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(NettyTimerBench.N)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dio.netty.leakDetection.level=disabled", "-Xms4g", "-Xmx4g", "-Xmn3g", "-XX:+AlwaysPreTouch"})
public class NettyTimerBench {
    static final int N = TimerBench.N;

    private EventLoopGroup group;
    private EventLoop loop;
    private final long[] delayNanos = new long[N];
    private final ScheduledFuture<?>[] futures = new ScheduledFuture<?>[N];

    /** Loop thread only. */
    private long fired;
    private long target;
    private CompletableFuture<Long> done;
    private final Runnable task = () -> {
        if (++fired == target) {
            done.complete(fired);
        }
    };

    @Setup(Level.Trial)
    public void setUp() {
        NettyTcpBench.requireEpoll();
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < N; i++) {
            delayNanos[i] = TimeUnit.SECONDS.toNanos(60) + random.nextLong(TimeUnit.SECONDS.toNanos(10));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Benchmark
    public long nettyScheduleFire() throws Exception {
        CompletableFuture<Long> batch = new CompletableFuture<>();
        loop.submit(() -> {
            done = batch;
            target = fired + N;
            for (int i = 0; i < N; i++) {
                loop.schedule(task, 0, TimeUnit.NANOSECONDS);
            }
        }).get();
        return batch.get(30, TimeUnit.SECONDS);
    }

    @Benchmark
    public int nettyScheduleCancel() throws InterruptedException, ExecutionException {
        return loop.submit(() -> {
            for (int i = 0; i < N; i++) {
                futures[i] = loop.schedule(task, delayNanos[i], TimeUnit.NANOSECONDS);
            }
            int cancelled = 0;
            for (int i = 0; i < N; i++) {
                if (futures[i].cancel(false)) {
                    cancelled++;
                }
                futures[i] = null;
            }
            return cancelled;
        }).get();
    }
}
