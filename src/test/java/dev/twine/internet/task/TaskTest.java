package dev.twine.internet.task;

import static dev.twine.internet.defer.Outcomes.assertNoResult;
import static dev.twine.internet.defer.Outcomes.failureResultOf;
import static dev.twine.internet.defer.Outcomes.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.CancelledError;
import dev.twine.internet.error.TimeoutError;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TaskTest {
    private final Clock clock = new Clock();

    @Test
    void deferLaterFiresWithTheCallablesResultAfterTheDelay() {
        AtomicInteger runs = new AtomicInteger();
        Deferred<String> d = Task.deferLater(clock, 2, () -> "ran " + runs.incrementAndGet());
        clock.advance(1.9);
        assertNoResult(d);
        assertThat(runs).hasValue(0);
        clock.advance(0.1);
        assertThat((Object) successResultOf(d)).isEqualTo("ran 1");
    }

    @Test
    void deferLaterWithoutCallableFiresWithNull() {
        Deferred<Void> d = Task.deferLater(clock, Duration.ofMillis(500));
        clock.advance(0.5);
        assertThat((Object) successResultOf(d)).isNull();
    }

    @Test
    void deferLaterFailsWithWhatTheCallableThrows() {
        IOException e = new IOException("x");
        Deferred<String> d = Task.deferLater(clock, 1, () -> {
            throw e;
        });
        clock.advance(1);
        assertThat(failureResultOf(d).value()).isSameAs(e);
    }

    @Test
    void deferLaterWaitsForADeferredReturnedByTheCallable() {
        Deferred<String> inner = new Deferred<>();
        Deferred<Object> d = Task.deferLater(clock, 1, () -> inner);
        clock.advance(1);
        assertNoResult(d);
        inner.callback("inner");
        assertThat((Object) successResultOf(d)).isEqualTo("inner");
    }

    @Test
    void cancellingDeferLaterCancelsTheCall() {
        AtomicInteger runs = new AtomicInteger();
        Deferred<Integer> d = Task.deferLater(clock, 1, runs::incrementAndGet);
        d.cancel();
        assertThat(failureResultOf(d).value()).isInstanceOf(CancelledError.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(2);
        assertThat(runs).hasValue(0);
    }

    @Test
    void addTimeoutTurnsTheCancellationIntoTimeoutError() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(5, clock);
        clock.advance(4.9);
        assertNoResult(d);
        clock.advance(0.1);
        Throwable e = failureResultOf(d).value();
        assertThat(e).isInstanceOf(TimeoutError.class).hasCauseInstanceOf(CancelledError.class);
        assertThat(e.getMessage()).contains("5.0");
    }

    @Test
    void addTimeoutStopsTheTimerWhenTheResultComesInTime() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(5), clock);
        clock.advance(1);
        d.callback("in time");
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat((Object) successResultOf(d)).isEqualTo("in time");
    }

    @Test
    void addTimeoutLeavesOtherFailuresAlone() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(5, clock);
        IOException e = new IOException("own failure");
        d.errback(e);
        assertThat(failureResultOf(d).value()).isSameAs(e);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void addTimeoutKeepsAnExplicitCancelAsCancelledError() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(5, clock);
        d.cancel();
        assertThat(failureResultOf(d).value()).isInstanceOf(CancelledError.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void addTimeoutPassesOnWhatACancellerFiresWith() {
        Deferred<String> d = new Deferred<>(self -> self.callback("partial"));
        d.addTimeout(1, clock);
        clock.advance(1);
        assertThat((Object) successResultOf(d)).isEqualTo("partial");
    }

    @Test
    void addTimeoutOnDeferLater() {
        Deferred<String> d = Task.deferLater(clock, 10, () -> "too late");
        d.addTimeout(1, clock);
        clock.advance(1);
        assertThat(failureResultOf(d).value()).isInstanceOf(TimeoutError.class);
        clock.advance(20);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }
}
