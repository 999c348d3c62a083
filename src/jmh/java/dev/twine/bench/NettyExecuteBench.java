package dev.twine.bench;

import dev.twine.internet.epollreactor.EPollReactor;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * Hand-over into an event loop from another thread, in calls per second, measured as {@link CallFromThreadBench}
 * does: the benchmark thread posts {@value #K} runnables, and the invocation ends once the loop has run them all
 * (the last one publishes the count in a volatile the benchmark thread spins on).
 *
 * <ul>
 *   <li>{@code nettyExecute}: {@code execute} on a Netty 4.2 native epoll event loop (benchmark-only peer); when
 *       the loop has caught up it sleeps in {@code epoll_wait} and an outside {@code execute} wakes it through
 *       its eventfd.</li>
 *   <li>{@code twineCallFromThread}: {@code callFromThread} into an {@link EPollReactor} running {@code run(false)}
 *       on its own thread, the same as {@code CallFromThreadBench.twineCallFromThread}, repeated here so both
 *       run in one fork.</li>
 * </ul>
 * As with CallFromThreadBench, the figures can be bimodal on a small machine (batching while the consumer lags,
 * a wake-up per call while it keeps up): compare several forks before trusting one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(NettyExecuteBench.K)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dio.netty.leakDetection.level=disabled"})
public class NettyExecuteBench {
    static final int K = 10_000;

    private EPollReactor reactor;
    private Thread reactorThread;
    private EventLoopGroup group;
    private EventLoop loop;

    /* Counters padded as in CallFromThreadBench: each consumer counts in a slot only it touches. */
    private static final int COUNT = 16;
    private final long[] reactorCount = new long[2 * COUNT + 1];
    private volatile long reactorDone;
    private final Runnable reactorTask = () -> reactorCount[COUNT]++;
    private final Runnable reactorLast = () -> reactorDone = ++reactorCount[COUNT];
    private final long[] nettyCount = new long[2 * COUNT + 1];
    private volatile long nettyDone;
    private final Runnable nettyTask = () -> nettyCount[COUNT]++;
    private final Runnable nettyLast = () -> nettyDone = ++nettyCount[COUNT];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        NettyTcpBench.requireEpoll();
        reactor = new EPollReactor();
        reactorThread = new Thread(() -> reactor.run(false), "bench-reactor");
        reactorThread.start();
        while (!reactor.running()) {
            Thread.onSpinWait();
        }
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        loop.submit(() -> { }).get();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        reactor.callFromThread(reactor::stop);
        reactorThread.join(TimeUnit.SECONDS.toMillis(10));
        reactor.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Benchmark
    public long nettyExecute() {
        long target = nettyDone + K;
        for (int i = 1; i < K; i++) {
            loop.execute(nettyTask);
        }
        loop.execute(nettyLast);
        return awaitBatch(target, () -> nettyDone);
    }

    @Benchmark
    public long twineCallFromThread() {
        long target = reactorDone + K;
        for (int i = 1; i < K; i++) {
            reactor.callFromThread(reactorTask);
        }
        reactor.callFromThread(reactorLast);
        return awaitBatch(target, () -> reactorDone);
    }

    private static long awaitBatch(long target, LongSupplier done) {
        long n;
        while ((n = done.getAsLong()) < target) {
            Thread.onSpinWait();
        }
        if (n != target) {
            throw new IllegalStateException("ran " + n + " calls, expected " + target);
        }
        return n;
    }
}
