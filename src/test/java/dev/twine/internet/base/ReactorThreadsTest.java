package dev.twine.internet.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.ReactorWrongThread;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.python.ThreadPool;
import dev.twine.testing.Fds;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.ResourceSnapshot;
import dev.twine.testing.TestDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * callFromThread, callInThread and the reactor's thread pool: after Twisted's {@code test_threads} and
 * {@code test_internet.CallFromThreadTests}.
 */
@Timeout(60)
class ReactorThreadsTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();
    private LogCapture log;
    private EPollReactor reactor;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        reactor = fixture.reactor();
        log = fixture.log();
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
    }

    @Test
    void callsFromEightThreadsAreAllRunInPerThreadOrder() {
        int threads = 8;
        int callsEach = 10_000;
        int[] next = new int[threads];
        int[] total = {0};
        List<String> disorder = new ArrayList<>();
        Thread reactorThread = Thread.currentThread();
        boolean[] wrongThread = {false};
        List<Thread> posters = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        reactor.callWhenRunning(() -> {
            for (int t = 0; t < threads; t++) {
                int id = t;
                posters.add(start("poster-" + t, () -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    for (int i = 0; i < callsEach; i++) {
                        int seq = i;
                        reactor.callFromThread(() -> {
                            if (next[id] != seq && disorder.size() < 10) {
                                disorder.add("thread " + id + ": expected " + next[id] + ", got " + seq);
                            }
                            next[id] = seq + 1;
                            wrongThread[0] |= Thread.currentThread() != reactorThread;
                            if (++total[0] == threads * callsEach) {
                                reactor.stop();
                            }
                        });
                    }
                }));
            }
            go.countDown();
        });

        Reactors.run(reactor);
        posters.forEach(ReactorThreadsTest::join);

        assertThat(disorder).isEmpty();
        assertThat(total[0]).isEqualTo(threads * callsEach);
        assertThat(next).containsOnly(callsEach);
        assertThat(wrongThread[0]).isFalse();
    }

    @Test
    @Timeout(90)
    void callFromThreadWakesAReactorSleepingOnALongTimer() {
        // No watchdog here: the 60 s call is the only timer, so the reactor really sleeps 60 s unless woken.
        // Should the wake-up fail, that call ends the run and the test.
        IDelayedCall far = reactor.callLater(60, () -> {
            events.add("far");
            reactor.crash();
        });
        AtomicReference<Thread> poster = new AtomicReference<>();
        long[] postedAt = new long[1];
        double[] latency = new double[1];
        reactor.callWhenRunning(() -> poster.set(start("poster", () -> {
            // Wait (bounded) until the reactor thread sleeps in epoll_wait, 60 s from its next timer.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reactor.pollState.get() != ReactorBase.POLLING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            postedAt[0] = System.nanoTime();
            reactor.callFromThread(() -> {
                latency[0] = (System.nanoTime() - postedAt[0]) / 1e9;
                reactor.stop();
            });
        })));

        long start = System.nanoTime();
        reactor.run(false);
        double ran = (System.nanoTime() - start) / 1e9;
        join(poster.get());

        assertThat(latency[0]).isPositive().isLessThan(1.0);
        assertThat(ran).isLessThan(15);
        assertThat(events).isEmpty();
        assertThat(far.active()).isTrue();
        far.cancel();
    }

    @Test
    void callFromThreadMadeByADelayedCallRunsAtTheNextPass() {
        // From the reactor thread no wake-up is needed, but the call must not wait for the 60 s timer either.
        IDelayedCall far = reactor.callLater(60, () -> events.add("far"));
        reactor.callLater(0, () -> reactor.callFromThread(reactor::stop));
        long start = System.nanoTime();
        Reactors.run(reactor);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        far.cancel();
    }

    @Test
    void aCallFromThreadMadeByACallFromThreadRunsInTheNextPass() {
        reactor.callFromThread(() -> {
            events.add("first");
            reactor.callFromThread(() -> events.add("second"));
        });
        reactor.runUntilCurrent();
        assertThat(events).containsExactly("first");
        assertThat(reactor.timeout()).as("the reactor must not sleep with a thread call waiting").isZero();
        reactor.runUntilCurrent();
        assertThat(events).containsExactly("first", "second");
    }

    @Test
    void callsFromThreadsWaitUntilTheReactorRuns() {
        Thread t = start("early", () -> reactor.callFromThread(() -> events.add("from thread, running="
                + reactor.running())));
        join(t);
        assertThat(events).isEmpty();
        reactor.callWhenRunning(() -> reactor.callLater(0, reactor::stop));
        Reactors.run(reactor);
        assertThat(events).containsExactly("from thread, running=true");
    }

    @Test
    void anExceptionInACallFromThreadIsLoggedAndTheOthersRun() {
        reactor.callFromThread(() -> {
            throw new IllegalStateException("thread call fails");
        });
        reactor.callFromThread(() -> events.add("next"));
        reactor.callLater(0.01, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).containsExactly("next");
        assertThat(log.flushErrors(IllegalStateException.class)).isEqualTo(1);
    }

    @Test
    void callInThreadRunsOnAPoolThreadAndCanCallBack() {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        Thread reactorThread = Thread.currentThread();
        reactor.callWhenRunning(() -> reactor.callInThread(() -> {
            seen.add(Thread.currentThread().getName());
            boolean inReactorThread = Thread.currentThread() == reactorThread;
            reactor.callFromThread(() -> {
                seen.add("back, on reactor thread=" + (Thread.currentThread() == reactorThread)
                        + ", worker was reactor thread=" + inReactorThread);
                reactor.stop();
            });
        }));
        Reactors.run(reactor);
        assertThat(seen).hasSize(2);
        assertThat(seen.peek()).startsWith("twine-reactor-pool-");
        assertThat(seen).last().isEqualTo("back, on reactor thread=true, worker was reactor thread=false");
    }

    @Test
    void threadPoolStartsWithTheReactorAndStopsAtShutdown() {
        ThreadPool pool = reactor.getThreadPool();
        assertThat(reactor.getThreadPool()).isSameAs(pool);
        assertThat(pool.started()).as("not before run").isFalse();
        boolean[] startedWhileRunning = {false};
        CountDownLatch workerRan = new CountDownLatch(1);
        reactor.callWhenRunning(() -> {
            startedWhileRunning[0] = pool.started();
            reactor.callInThread(workerRan::countDown);
            reactor.callLater(0, () -> {
                // wait here, on the reactor thread, for the worker: it must run while the reactor runs
                try {
                    assertThat(workerRan.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                events.add("worker ran");
                reactor.stop();
            });
        });

        Reactors.run(reactor);

        assertThat(startedWhileRunning[0]).isTrue();
        assertThat(events).containsExactly("worker ran");
        assertThat(pool.started()).as("stopped by the shutdown").isFalse();
        assertThatThrownBy(() -> pool.callInThread(() -> { })).isInstanceOf(IllegalStateException.class);
        assertNoTwineThreadsSoon();
    }

    @Test
    void threadPoolFirstUsedWhileRunningIsStoppedAtShutdown() {
        ThreadPool[] pool = new ThreadPool[1];
        CountDownLatch workerRan = new CountDownLatch(1);
        reactor.callWhenRunning(() -> {
            pool[0] = reactor.getThreadPool();
            events.add("started=" + pool[0].started());
            reactor.callInThread(() -> {
                workerRan.countDown();
                reactor.callFromThread(reactor::stop);
            });
        });
        Reactors.run(reactor);
        assertThat(events).containsExactly("started=true");
        assertThat(workerRan.getCount()).isZero();
        assertThat(pool[0].started()).isFalse();
        assertNoTwineThreadsSoon();
    }

    @Test
    void threadPoolAskedForByAForeignThreadWhileRunning() {
        ThreadPool[] pool = new ThreadPool[1];
        reactor.callWhenRunning(() -> start("asker", () -> {
            pool[0] = reactor.getThreadPool();
            pool[0].callInThread(() -> reactor.callFromThread(reactor::stop));
        }));
        Reactors.run(reactor);
        assertThat(pool[0].started()).isFalse();
        assertNoTwineThreadsSoon();
    }

    @Test
    void threadPoolStoppedByAShutdownBeforeRunIsNotStartedByALaterRun() {
        ThreadPool pool = reactor.getThreadPool();
        // Trial fires shutdown on reactors it never ran; Twisted then drops the pool's startup trigger too.
        reactor.fireSystemEvent("shutdown");
        assertThat(pool.started()).isFalse();

        reactor.callWhenRunning(() -> {
            ThreadPool fresh = reactor.getThreadPool();
            events.add("fresh=" + (fresh != pool) + ", started=" + fresh.started());
            // That shutdown also consumed the reactor's own "during shutdown" crash trigger, as in Twisted, so
            // stop() would no longer end run(): crash instead. close() stops the fresh pool.
            reactor.crash();
        });
        Reactors.run(reactor);

        assertThat(events).containsExactly("fresh=true, started=true");
        // tearDown: no error logged (starting the stopped pool would have failed in a startup trigger)
    }

    @Test
    void suggestThreadPoolSizeSetsTheMaximum() {
        reactor.suggestThreadPoolSize(17);
        ThreadPool pool = reactor.getThreadPool();
        assertThat(pool.maxThreads()).isEqualTo(17);
        assertThat(pool.minThreads()).isZero();
        assertThatThrownBy(() -> reactor.suggestThreadPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reactorMethodsFromAForeignThreadWhileRunningRaise() {
        try (Fds fds = new Fds()) {
            int[] pair = fds.socketpair();
            TestDescriptor reader = new TestDescriptor("reader", pair[0]);
            ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
            Thread[] foreign = new Thread[1];
            reactor.callWhenRunning(() -> foreign[0] = start("foreign", () -> {
                List<Runnable> attempts = List.of(
                        () -> reactor.callLater(0, () -> events.add("ran")),
                        () -> reactor.addReader(reader),
                        () -> reactor.removeReader(reader),
                        reactor::stop,
                        reactor::crash,
                        () -> reactor.iterate(0),
                        () -> reactor.fireSystemEvent("x"),
                        () -> reactor.addSystemEventTrigger("during", "x", () -> { }),
                        reactor::removeAll);
                for (Runnable attempt : attempts) {
                    try {
                        attempt.run();
                        refused.add("accepted");
                    } catch (ReactorWrongThread expected) {
                        refused.add("refused");
                    }
                }
                reactor.callFromThread(reactor::stop);
            }));
            Reactors.run(reactor);
            join(foreign[0]);
            assertThat(refused).hasSize(9).containsOnly("refused");
            assertThat(events).isEmpty();
            assertThat(reactor.getReaders()).doesNotContain(reader);
        }
    }

    @Test
    void foreignThreadsMayScheduleBeforeTheReactorRuns() {
        Thread t = start("before run", () -> reactor.callLater(0, () -> events.add("scheduled before run")));
        join(t);
        reactor.callLater(0.01, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).containsExactly("scheduled before run");
    }

    private static void assertNoTwineThreadsSoon() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!ResourceSnapshot.twineThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(ResourceSnapshot.twineThreads()).isEmpty();
    }
}
