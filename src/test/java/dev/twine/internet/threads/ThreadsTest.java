package dev.twine.internet.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.defer.Deferred;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.python.ThreadPool;
import dev.twine.testing.ResourceSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Threads helpers against a real reactor running on its own thread, driven from the test thread. */
@Timeout(30)
class ThreadsTest {
    private static final String REACTOR_THREAD = "reactor-under-test";

    private ResourceSnapshot before;
    private EPollReactor reactor;
    private Thread loop;

    @BeforeEach
    void startReactor() throws InterruptedException {
        before = ResourceSnapshot.take();
        reactor = new EPollReactor();
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        loop = new Thread(() -> reactor.run(false), REACTOR_THREAD);
        loop.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stopReactor() throws InterruptedException {
        reactor.callFromThread(reactor::stop);
        loop.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(loop.isAlive()).as("reactor thread ended").isFalse();
        reactor.close();
        before.assertNothingLeaked();
    }

    @Test
    void deferToThreadRunsOnThePoolAndFiresOnTheReactorThread() {
        String where = Threads.blockingCallFromThread(reactor, () ->
                Threads.deferToThread(reactor, () -> Thread.currentThread().getName())
                        .addCallback(worker -> worker + " then " + Thread.currentThread().getName()));
        assertThat(where).startsWith("twine-reactor-pool-").endsWith(" then " + REACTOR_THREAD);
    }

    @Test
    void deferToThreadFailureReachesTheCallerUnchanged() {
        assertThatThrownBy(() -> Threads.blockingCallFromThread(reactor, () ->
                Threads.deferToThread(reactor, () -> {
                    throw new IOException("disk on fire");
                })))
                .isInstanceOf(IOException.class)
                .hasMessage("disk on fire");
    }

    @Test
    void blockingCallFromThreadWaitsForADeferredFiredLater() {
        long t0 = System.nanoTime();
        Integer value = Threads.blockingCallFromThread(reactor, () -> {
            Deferred<Integer> d = new Deferred<>();
            reactor.callLater(0.05, () -> d.callback(42));
            return d;
        });
        assertThat(value).isEqualTo(42);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void blockingCallFromThreadReturnsPlainValuesAndRunsOnTheReactorThread() {
        String name = Threads.blockingCallFromThread(reactor, () -> Thread.currentThread().getName());
        assertThat(name).isEqualTo(REACTOR_THREAD);
    }

    @Test
    void blockingCallFromThreadRefusesToDeadlockOnTheReactorThread() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                Threads.blockingCallFromThread(reactor, () -> 1);
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        assertThat(thrown.get(10, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reactor thread");
    }

    @Test
    void callMultipleInThreadRunsAllInOrderOnOneWorker() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Threads.callMultipleInThread(reactor, List.of(
                () -> seen.add("a " + Thread.currentThread().getName()),
                () -> seen.add("b " + Thread.currentThread().getName()),
                done::countDown));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).startsWith("a twine-reactor-pool-");
        assertThat(seen.get(1)).isEqualTo("b" + seen.get(0).substring(1));
    }

    @Test
    void deferToThreadPoolUsesTheGivenPool() {
        ThreadPool pool = new ThreadPool(0, 2, "twine-test-pool");
        pool.start();
        try {
            String worker = Threads.blockingCallFromThread(reactor, () ->
                    Threads.deferToThreadPool(reactor, pool, () -> Thread.currentThread().getName()));
            assertThat(worker).startsWith("twine-test-pool-");
        } finally {
            pool.stop();
        }
    }
}
