package dev.twine.bench;

import dev.twine.internet.epollreactor.EPollReactor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Hand-over throughput between threads, in calls per second: the benchmark thread posts {@value #K} runnables and
 * the invocation ends once the consumer thread has run all of them.
 *
 * <ul>
 *   <li>{@code twineCallFromThread}: {@code reactor.callFromThread} into an {@link EPollReactor} running its main
 *       loop on its own thread; when the reactor has caught up it sleeps in {@code epoll_wait} and the next
 *       call wakes it through its eventfd.</li>
 *   <li>Peer, {@code executorExecute}: {@code execute} on {@link Executors#newSingleThreadExecutor()}, whose
 *       worker parks on its queue when it has caught up.</li>
 * </ul>
 * The figures are bimodal on a small machine: while the consumer lags, calls pile up and run in batches; once it
 * keeps up, it sleeps between calls and every call pays a wake-up (Twine: an eventfd write and an epoll_wait
 * return), and either state tends to last for seconds. Compare several forks ({@code -f 3}) before trusting one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(CallFromThreadBench.K)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CallFromThreadBench {
    static final int K = 10_000;

    private EPollReactor reactor;
    private Thread reactorThread;
    private ExecutorService executor;

    /*
     * Each consumer counts in a slot only it touches, padded by 128 bytes on each side (COUNT of a long[]); the
     * last runnable of a batch publishes the count in a volatile that the producer spins on, so the producer's
     * waiting does not contend for the cache line being counted in.
     */
    private static final int COUNT = 16;
    private final long[] reactorCount = new long[2 * COUNT + 1];
    private volatile long reactorDone;
    private final Runnable reactorTask = () -> reactorCount[COUNT]++;
    private final Runnable reactorLast = () -> reactorDone = ++reactorCount[COUNT];
    private final long[] executorCount = new long[2 * COUNT + 1];
    private volatile long executorDone;
    private final Runnable executorTask = () -> executorCount[COUNT]++;
    private final Runnable executorLast = () -> executorDone = ++executorCount[COUNT];

    @Setup(Level.Trial)
    public void setUp() {
        reactor = new EPollReactor();
        reactorThread = new Thread(() -> reactor.run(false), "bench-reactor");
        reactorThread.start();
        while (!reactor.running()) {
            Thread.onSpinWait();
        }
        executor = Executors.newSingleThreadExecutor();
        executor.execute(() -> { });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        reactor.callFromThread(reactor::stop);
        reactorThread.join(TimeUnit.SECONDS.toMillis(10));
        reactor.close();
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
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

    @Benchmark
    public long executorExecute() {
        long target = executorDone + K;
        for (int i = 1; i < K; i++) {
            executor.execute(executorTask);
        }
        executor.execute(executorLast);
        return awaitBatch(target, () -> executorDone);
    }

    private static long awaitBatch(long target, java.util.function.LongSupplier done) {
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
