package dev.twine.internet.defer;

import static dev.twine.internet.defer.Outcomes.assertNoResult;
import static dev.twine.internet.defer.Outcomes.failureResultOf;
import static dev.twine.internet.defer.Outcomes.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.error.CancelledError;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CompletionStageInteropTest {
    @Test
    void toCompletableFutureCompletesWhenTheDeferredFires() throws Exception {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> f = d.toCompletableFuture();
        assertThat(f).isNotDone();
        d.callback("v");
        assertThat(f.get(1, TimeUnit.SECONDS)).isEqualTo("v");
        // Like Twisted's asFuture, the future took the result over.
        assertThat((Object) successResultOf(d)).isNull();
    }

    @Test
    void toCompletableFutureCarriesTheFailureAndConsumesIt() {
        IOException e = new IOException("x");
        Deferred<String> d = Deferred.fail(e);
        CompletableFuture<String> f = d.toCompletableFuture();
        assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isSameAs(e);
        assertThat((Object) successResultOf(d)).isNull();
    }

    @Test
    void cancellingTheFutureCancelsTheDeferred() {
        AtomicInteger cancels = new AtomicInteger();
        Deferred<String> d = new Deferred<>(self -> cancels.incrementAndGet());
        CompletableFuture<String> f = d.toCompletableFuture();
        assertThat(f.cancel(false)).isTrue();
        assertThat(cancels).hasValue(1);
        assertThat(d.called()).isTrue();
        assertThat(f).isCancelled();
        // Dependent stages are plain futures: cancelling them does not reach back.
        CompletableFuture<String> g = new Deferred<String>().toCompletableFuture().thenApply(s -> s);
        assertThat(g.cancel(false)).isTrue();
    }

    @Test
    void fromACompletedStage() {
        assertThat((Object) successResultOf(Deferred.fromCompletionStage(CompletableFuture.completedFuture(5))))
                .isEqualTo(5);
    }

    @Test
    void fromAStageCompletedLater() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f);
        assertNoResult(d);
        f.complete("later");
        assertThat((Object) successResultOf(d)).isEqualTo("later");
    }

    @Test
    void aFailedStageUnwrapsCompletionException() {
        CompletableFuture<String> f = new CompletableFuture<>();
        IOException e = new IOException("x");
        CompletionStage<String> dependent = f.thenApply(s -> s);
        Deferred<String> d = Deferred.fromCompletionStage(dependent);
        f.completeExceptionally(e);
        assertThat(failureResultOf(d).value()).isSameAs(e);
    }

    @Test
    void cancellingTheDeferredCancelsTheFuture() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f);
        d.cancel();
        assertThat(f).isCancelled();
        assertThat(failureResultOf(d).value()).isInstanceOf(CancelledError.class);
    }

    @Test
    void aCancelledSourceGivesCancelledError() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f);
        f.cancel(false);
        assertThat(failureResultOf(d).value()).isInstanceOf(CancelledError.class).cause()
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void cancellingWithAMinimalStageStillCancelsTheDeferred() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f.minimalCompletionStage());
        d.cancel();
        assertThat(failureResultOf(d).value()).isInstanceOf(CancelledError.class);
        f.complete("ignored");
        assertThat(f).isNotCancelled();
    }

    @Test
    void anExecutorDecidesWhereTheDeferredFires() {
        ArrayDeque<Runnable> queue = new ArrayDeque<>();
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f, queue::add);
        f.complete("queued");
        assertNoResult(d);
        assertThat(queue).hasSize(1);
        queue.poll().run();
        assertThat((Object) successResultOf(d)).isEqualTo("queued");
    }

    @Test
    void aStageCompletedOnAnotherThreadReachesTheDeferredThroughTheExecutor() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<Runnable> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f, queue::add);
        Thread t = Thread.ofPlatform().start(() -> f.complete("from thread"));
        Runnable fire = queue.poll(5, TimeUnit.SECONDS);
        assertThat(fire).isNotNull();
        fire.run();
        t.join(5_000);
        assertThat((Object) successResultOf(d)).isEqualTo("from thread");
    }

    @Test
    void aRoundTripKeepsTheValue() {
        Deferred<String> source = new Deferred<>();
        Deferred<String> back = Deferred.fromCompletionStage(source.toCompletableFuture());
        source.callback("round");
        assertThat((Object) successResultOf(back)).isEqualTo("round");
    }
}
