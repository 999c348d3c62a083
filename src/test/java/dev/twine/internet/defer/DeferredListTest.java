package dev.twine.internet.defer;

import static dev.twine.internet.defer.Outcomes.assertNoResult;
import static dev.twine.internet.defer.Outcomes.failureResultOf;
import static dev.twine.internet.defer.Outcomes.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.CancelledError;
import dev.twine.python.Failure;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeferredListTest {
    @Test
    void firesWithOutcomesInListOrderOnceAllHaveFired() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        DeferredList<String> list = new DeferredList<>(List.of(a, b, c));
        c.callback("c");
        IOException e = new IOException("b failed");
        b.errback(e);
        assertNoResult(list);
        a.callback("a");
        List<DeferredList.Outcome<String>> outcomes = successResultOf(list);
        assertThat(outcomes).extracting(DeferredList.Outcome::success).containsExactly(true, false, true);
        assertThat(outcomes).extracting(DeferredList.Outcome::value).containsExactly("a", null, "c");
        assertThat(outcomes).extracting(DeferredList.Outcome::index).containsExactly(0, 1, 2);
        assertThat(outcomes.get(1).failure().value()).isSameAs(e);
        assertThat(outcomes.get(1).result()).isSameAs(outcomes.get(1).failure());
        assertThat(outcomes.get(0).result()).isEqualTo("a");
        // Without consumeErrors the failure stays on the Deferred that had it.
        assertThat(failureResultOf(b).value()).isSameAs(e);
        assertThat((Object) successResultOf(a)).isEqualTo("a");
    }

    @Test
    void consumeErrorsLeavesNullOnTheFailedDeferreds() {
        Deferred<String> bad = Deferred.fail(new IOException());
        DeferredList<String> list = new DeferredList<>(List.of(bad), false, false, true);
        List<DeferredList.Outcome<String>> outcomes = successResultOf(list);
        assertThat(outcomes).singleElement().extracting(DeferredList.Outcome::success).isEqualTo(false);
        assertThat((Object) successResultOf(bad)).isNull();
    }

    @Test
    void anEmptyListFiresAtOnce() {
        DeferredList<String> list = new DeferredList<>(List.of());
        assertThat((List<?>) successResultOf(list)).isEmpty();
    }

    @Test
    void anEmptyListWithFireOnOneCallbackNeverFires() {
        DeferredList<String> list = new DeferredList<>(List.of(), true, false, false);
        assertNoResult(list);
    }

    @Test
    void fireOnOneCallbackFiresWithTheFirstSuccess() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        DeferredList<String> list = new DeferredList<>(List.of(a, b), true, false, true);
        a.errback(new IOException());
        assertNoResult(list);
        b.callback("b");
        List<DeferredList.Outcome<String>> outcomes = successResultOf(list);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.success()).isTrue();
            assertThat(o.value()).isEqualTo("b");
            assertThat(o.index()).isEqualTo(1);
        });
    }

    @Test
    void fireOnOneCallbackWithAllFailingFiresWithAllOutcomes() {
        Deferred<String> a = new Deferred<>();
        DeferredList<String> list = new DeferredList<>(List.of(a), true, false, true);
        a.errback(new IOException());
        List<DeferredList.Outcome<String>> outcomes = successResultOf(list);
        assertThat(outcomes).singleElement().extracting(DeferredList.Outcome::success).isEqualTo(false);
    }

    @Test
    void fireOnOneErrbackFailsWithFirstError() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        DeferredList<String> list = new DeferredList<>(List.of(a, b), false, true, true);
        a.callback("a");
        IOException e = new IOException("second");
        b.errback(e);
        Failure f = failureResultOf(list);
        assertThat(f.value()).isInstanceOf(FirstError.class);
        FirstError first = (FirstError) f.value();
        assertThat(first.index()).isEqualTo(1);
        assertThat(first.subFailure().value()).isSameAs(e);
        assertThat(first.getCause()).isSameAs(e);
        assertThat(first.getMessage()).startsWith("FirstError[#1, [Failure instance: java.io.IOException: second]");
    }

    @Test
    void cancellingAnUnfiredListCancelsEveryDeferred() {
        AtomicInteger cancels = new AtomicInteger();
        Deferred<String> a = new Deferred<>(self -> cancels.incrementAndGet());
        Deferred<String> b = Deferred.succeed("b");
        Deferred<String> c = new Deferred<>(self -> {
            cancels.incrementAndGet();
            throw new IllegalStateException("canceller fails; the others still get cancelled");
        });
        Deferred<String> d = new Deferred<>(self -> cancels.incrementAndGet());
        DeferredList<String> list = new DeferredList<>(List.of(a, b, c, d), false, false, true);
        list.cancel();
        assertThat(cancels).hasValue(3);
        assertNoResult(list);
        c.callback("c anyway");
        List<DeferredList.Outcome<String>> outcomes = successResultOf(list);
        assertThat(outcomes).extracting(DeferredList.Outcome::success).containsExactly(false, true, true, false);
        assertThat(outcomes.get(0).failure().value()).isInstanceOf(CancelledError.class);
    }

    @Test
    void gatherResultsGivesTheValuesInOrder() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = Deferred.succeed(2);
        Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a, b));
        assertNoResult(all);
        a.callback(1);
        List<Integer> values = successResultOf(all);
        assertThat(values).containsExactly(1, 2);
    }

    @Test
    void gatherResultsKeepsNullValues() {
        Deferred<List<Object>> all = Deferred.gatherResults(List.of(Deferred.succeed(null), Deferred.succeed("x")));
        List<Object> values = successResultOf(all);
        assertThat(values).containsExactly(null, "x");
    }

    @Test
    void gatherResultsFailsWithTheFirstFailure() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a, b));
        IOException e = new IOException("b");
        b.errback(e);
        FirstError first = (FirstError) failureResultOf(all).value();
        assertThat(first.index()).isEqualTo(1);
        assertThat(first.subFailure().value()).isSameAs(e);
        a.errback(new IOException("a, too late to matter"));
        // Not consumed: each failed Deferred keeps its failure.
        assertThat(failureResultOf(a).getErrorMessage()).startsWith("a,");
        assertThat(failureResultOf(b).value()).isSameAs(e);
    }

    @Test
    void gatherResultsCanConsumeTheErrors() {
        Deferred<Integer> a = Deferred.fail(new IOException());
        Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a), true);
        assertThat(failureResultOf(all).value()).isInstanceOf(FirstError.class);
        assertThat((Object) successResultOf(a)).isNull();
    }

    @Test
    void cancellingGatherResultsCancelsTheDeferreds() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a, b), true);
        all.cancel();
        FirstError first = (FirstError) failureResultOf(all).value();
        assertThat(first.index()).isZero();
        assertThat(first.subFailure().value()).isInstanceOf(CancelledError.class);
        assertThat(b.called()).isTrue();
    }
}
