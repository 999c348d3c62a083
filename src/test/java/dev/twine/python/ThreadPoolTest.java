package dev.twine.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.testing.LogCapture;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.ResourceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The worker pool on its own: after Twisted's {@code test_threadpool}. */
@Timeout(60)
class ThreadPoolTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withoutReactor();
    private LogCapture log;
    private final List<ThreadPool> pools = new ArrayList<>();

    @BeforeEach
    void setUp() {
        log = fixture.log();
    }

    @AfterEach
    void tearDown() {
        pools.forEach(ThreadPool::stop);
    }

    private ThreadPool pool(int min, int max) {
        ThreadPool pool = new ThreadPool(min, max, "twine-test-pool");
        pools.add(pool);
        return pool;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).as("latch released in time").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.onSpinWait();
        }
    }

    @Test
    void workQueuedBeforeStartRunsOnceStarted() {
        ThreadPool pool = pool(0, 4);
        CountDownLatch done = new CountDownLatch(3);
        ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 3; i++) {
            pool.callInThread(() -> {
                names.add(Thread.currentThread().getName());
                done.countDown();
            });
        }
        assertThat(pool.started()).isFalse();
        assertThat(pool.threadCount()).isZero();
        assertThat(done.getCount()).isEqualTo(3);
        assertThat(ResourceSnapshot.twineThreads()).isEmpty();

        pool.start();
        await(done);

        assertThat(pool.started()).isTrue();
        assertThat(names).allSatisfy(n -> assertThat(n).startsWith("twine-test-pool-"));
    }

    @Test
    void startStartsMinThreadsOnly() {
        ThreadPool pool = pool(2, 10);
        pool.start();
        pool.start(); // a second start changes nothing
        assertThat(pool.threadCount()).isEqualTo(2);
        assertThat(ResourceSnapshot.twineThreads()).hasSize(2);
        pool.adjustPoolsize(4, 10);
        assertThat(pool.threadCount()).as("a started pool grows to its new minimum").isEqualTo(4);
        assertThat(new ThreadPool().toString()).contains("5..20");
    }

    @Test
    void callInThreadWithCallbackReportsResultsAndErrorsOnTheWorker() {
        ThreadPool pool = pool(0, 2);
        pool.start();
        CountDownLatch done = new CountDownLatch(2);
        ConcurrentLinkedQueue<String> results = new ConcurrentLinkedQueue<>();
        pool.callInThreadWithCallback((ok, value) -> {
            results.add(ok + " " + value + " on " + Thread.currentThread().getName().startsWith("twine-test-pool-"));
            done.countDown();
        }, () -> 42);
        IllegalStateException failure = new IllegalStateException("task fails");
        pool.callInThreadWithCallback((ok, value) -> {
            results.add(ok + " " + (value == failure));
            done.countDown();
        }, () -> {
            throw failure;
        });
        await(done);
        assertThat(results).containsExactlyInAnyOrder("true 42 on true", "false true");
    }

    @Test
    void anExceptionFromWorkIsLoggedAndTheWorkerGoesOn() {
        ThreadPool pool = pool(0, 1);
        pool.start();
        CountDownLatch done = new CountDownLatch(1);
        pool.callInThread(() -> {
            throw new IllegalStateException("work fails");
        });
        pool.callInThread(done::countDown);
        await(done);
        eventually(() -> log.errors(IllegalStateException.class).size() == 1, "the failure is logged");
        log.flushErrors(IllegalStateException.class);
    }

    /**
     * A logger that throws (as the JDK's does when it cannot initialise) costs the report, not the worker: one line
     * goes to {@code System.err} and the next work runs. The pool reports without the syscall layer's
     * {@code SafeLog}, as an API contract must not load that layer.
     */
    @Test
    void aThrowingLoggerCostsTheReportNotTheWorker() {
        java.util.logging.Logger poolLogger = java.util.logging.Logger.getLogger("dev.twine.threadpool");
        java.util.logging.Handler throwing = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                throw new ExceptionInInitializerError("logging cannot initialise (simulated)");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream savedErr = System.err;
        poolLogger.addHandler(throwing);
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            ThreadPool pool = pool(0, 1);
            pool.start();
            CountDownLatch done = new CountDownLatch(1);
            pool.callInThread(() -> {
                throw new IllegalStateException("work fails");
            });
            pool.callInThread(done::countDown);
            await(done);
        } finally {
            System.setErr(savedErr);
            poolLogger.removeHandler(throwing);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("twine: logging failed"
                + " (java.lang.ExceptionInInitializerError) reporting: ERROR Unhandled error in thread pool"
                + " twine-test-pool: java.lang.IllegalStateException: work fails" + System.lineSeparator());
    }

    @Test
    void maxThreadsBoundsConcurrencyAndAdjustPoolsizeChangesIt() {
        ThreadPool pool = pool(0, 2);
        pool.start();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allDone = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            pool.callInThread(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                await(release);
                running.decrementAndGet();
                allDone.countDown();
            });
        }
        eventually(() -> running.get() == 2, "two workers busy");
        assertThat(pool.threadCount()).isEqualTo(2);

        pool.adjustPoolsize(0, 6);
        assertThat(pool.maxThreads()).isEqualTo(6);
        eventually(() -> running.get() == 6, "the queued work gets the new threads");
        release.countDown();
        await(allDone);
        assertThat(peak.get()).isEqualTo(6);

        pool.adjustPoolsize(1, 1);
        assertThat(pool.minThreads()).isEqualTo(1);
        assertThat(pool.maxThreads()).isEqualTo(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch more = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            pool.callInThread(() -> {
                threads.add(Thread.currentThread().getName());
                more.countDown();
            });
        }
        await(more);
        eventually(() -> pool.threadCount() <= 1, "the surplus idle workers end");
        assertThat(threads).isNotEmpty();
    }

    @Test
    void stopFinishesQueuedWorkAndJoinsTheWorkers() {
        ThreadPool pool = pool(0, 2);
        pool.start();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.callInThread(() -> {
            started.countDown();
            await(release);
            done.incrementAndGet();
        });
        for (int i = 0; i < 10; i++) {
            pool.callInThread(done::incrementAndGet);
        }
        await(started);
        Thread releaser = new Thread(release::countDown);
        releaser.start();

        pool.stop();

        assertThat(done).as("all queued work ran before stop returned").hasValue(11);
        assertThat(pool.started()).isFalse();
        assertThat(pool.threadCount()).isZero();
        eventually(() -> ResourceSnapshot.twineThreads().isEmpty(), "the workers have ended");
        assertThat(pool.toString()).contains("stopped");
        try {
            releaser.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStoppedPoolRefusesWorkAndCannotRestart() {
        ThreadPool pool = pool(0, 2);
        pool.start();
        pool.stop();
        pool.stop(); // twice is fine
        assertThatThrownBy(() -> pool.callInThread(() -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(pool::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void workSubmittedWhileThePoolStopsIsRunOrRefusedCleanly() throws InterruptedException {
        for (int round = 0; round < 300; round++) {
            ThreadPool pool = pool(0, 2);
            pool.start();
            CountDownLatch go = new CountDownLatch(1);
            List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread submitter = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 200; i++) {
                        pool.callInThread(() -> { });
                    }
                } catch (IllegalStateException stopped) {
                    if (!stopped.getMessage().contains("stopped")) {
                        unexpected.add(stopped);
                    }
                } catch (Throwable t) {
                    unexpected.add(t);
                }
            });
            submitter.start();
            go.countDown();
            pool.stop();
            submitter.join();
            assertThat(unexpected).as("round " + round).isEmpty();
        }
    }

    @Test
    void stoppingAPoolNeverStartedDropsItsQueue() {
        ThreadPool pool = pool(0, 2);
        AtomicInteger ran = new AtomicInteger();
        pool.callInThread(ran::incrementAndGet);
        pool.stop();
        assertThat(ran).hasValue(0);
        assertThat(pool.started()).isFalse();
    }

    @Test
    void badSizesAreRejected() {
        assertThatThrownBy(() -> new ThreadPool(-1, 5, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThreadPool(0, 0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThreadPool(6, 5, "x")).isInstanceOf(IllegalArgumentException.class);
        ThreadPool pool = pool(1, 3);
        assertThatThrownBy(() -> pool.adjustPoolsize(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.adjustPoolsize(4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.adjustPoolsize(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pool.minThreads()).isEqualTo(1);
        assertThat(pool.maxThreads()).isEqualTo(3);
    }
}
