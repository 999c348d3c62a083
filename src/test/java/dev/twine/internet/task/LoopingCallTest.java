package dev.twine.internet.task;

import static dev.twine.internet.defer.Outcomes.assertNoResult;
import static dev.twine.internet.defer.Outcomes.failureResultOf;
import static dev.twine.internet.defer.Outcomes.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.defer.Deferred;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LoopingCallTest {
    private final Clock clock = new Clock();
    private final List<Double> calls = new ArrayList<>();

    private LoopingCall recordingCall() {
        return new LoopingCall(clock, () -> calls.add(clock.seconds()));
    }

    @Test
    void startNowCallsAtOnceThenEveryInterval() {
        LoopingCall lc = recordingCall();
        assertThat(lc.running()).isFalse();
        assertThat(lc.interval()).isNaN();
        Deferred<LoopingCall> d = lc.start(2.0);
        assertThat(lc.running()).isTrue();
        assertThat(lc.interval()).isEqualTo(2.0);
        assertThat(lc.deferred()).isSameAs(d);
        assertThat(calls).containsExactly(0.0);
        clock.pump(1, 1, 1, 1);
        assertThat(calls).containsExactly(0.0, 2.0, 4.0);
        assertNoResult(d);
        lc.stop();
        assertThat(lc.running()).isFalse();
        assertThat((Object) successResultOf(d)).isSameAs(lc);
        assertThat(lc.deferred()).isNull();
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(10);
        assertThat(calls).hasSize(3);
    }

    @Test
    void startLaterWaitsOneInterval() {
        LoopingCall lc = recordingCall();
        lc.start(Duration.ofSeconds(3), false);
        assertThat(calls).isEmpty();
        clock.advance(3);
        assertThat(calls).containsExactly(3.0);
        lc.stop();
    }

    @Test
    void missedIntervalsAreSkippedNotBurst() {
        LoopingCall lc = recordingCall();
        lc.start(1.0);
        clock.advance(3.5);
        assertThat(calls).containsExactly(0.0, 3.5);
        clock.advance(0.5);
        assertThat(calls).containsExactly(0.0, 3.5, 4.0);
        lc.stop();
    }

    @Test
    void withCountReportsSkippedIntervals() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, counts::add);
        lc.start(1.0);
        clock.advance(1);
        clock.advance(3.5);
        clock.advance(0.5);
        assertThat(counts).containsExactly(1, 1, 3, 1);
        lc.stop();
    }

    @Test
    void aThrowingFunctionStopsTheLoopAndFailsTheDeferred() {
        IOException e = new IOException("broken");
        int[] n = {0};
        LoopingCall lc = new LoopingCall(clock, () -> {
            if (++n[0] == 2) {
                throw e;
            }
            return null;
        });
        Deferred<LoopingCall> d = lc.start(1.0);
        clock.advance(1);
        assertThat(failureResultOf(d).value()).isSameAs(e);
        assertThat(lc.running()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(5);
        assertThat(n[0]).isEqualTo(2);
    }

    @Test
    void failingAtStartFailsTheReturnedDeferred() {
        LoopingCall lc = new LoopingCall(clock, () -> {
            throw new IllegalStateException("at once");
        });
        Deferred<LoopingCall> d = lc.start(1.0);
        assertThat(failureResultOf(d).getErrorMessage()).isEqualTo("at once");
        assertThat(lc.running()).isFalse();
    }

    @Test
    void aReturnedDeferredHoldsTheNextCallBack() {
        List<Deferred<Void>> pending = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> {
            calls.add(clock.seconds());
            Deferred<Void> d = new Deferred<>();
            pending.add(d);
            return d;
        });
        lc.start(1.0);
        clock.advance(5);
        assertThat(calls).containsExactly(0.0);
        pending.get(0).callback(null);
        // Rescheduled for the next interval boundary after now (t=6).
        assertThat(clock.getDelayedCalls()).singleElement().satisfies(c -> assertThat(c.getTime()).isEqualTo(6.0));
        clock.advance(1);
        assertThat(calls).containsExactly(0.0, 6.0);
    }

    @Test
    void stoppingWhileAReturnedDeferredIsPendingFiresWhenItFires() {
        Deferred<Void> work = new Deferred<>();
        LoopingCall lc = new LoopingCall(clock, () -> work);
        Deferred<LoopingCall> d = lc.start(1.0);
        lc.stop();
        assertThat(lc.running()).isFalse();
        assertNoResult(d);
        work.callback(null);
        assertThat((Object) successResultOf(d)).isSameAs(lc);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void aFailingReturnedDeferredFailsTheLoop() {
        Deferred<Void> work = new Deferred<>();
        LoopingCall lc = new LoopingCall(clock, () -> work);
        Deferred<LoopingCall> d = lc.start(1.0);
        work.errback(new IOException("async failure"));
        assertThat(failureResultOf(d).getErrorMessage()).isEqualTo("async failure");
        assertThat(lc.running()).isFalse();
    }

    @Test
    void stoppingFromInsideTheFunction() {
        LoopingCall[] self = new LoopingCall[1];
        self[0] = new LoopingCall(clock, () -> {
            calls.add(clock.seconds());
            if (calls.size() == 3) {
                self[0].stop();
            }
        });
        Deferred<LoopingCall> d = self[0].start(0.5);
        clock.pump(0.5, 0.5, 0.5, 0.5);
        assertThat(calls).containsExactly(0.0, 0.5, 1.0);
        assertThat((Object) successResultOf(d)).isSameAs(self[0]);
    }

    @Test
    void zeroIntervalStoppedByTheFunction() {
        LoopingCall[] self = new LoopingCall[1];
        self[0] = new LoopingCall(clock, () -> {
            calls.add(clock.seconds());
            if (calls.size() == 5) {
                self[0].stop();
            }
        });
        Deferred<LoopingCall> d = self[0].start(0);
        clock.advance(0);
        assertThat(calls).hasSize(5);
        assertThat((Object) successResultOf(d)).isSameAs(self[0]);
    }

    @Test
    void resetRestartsTheScheduleFromNow() {
        LoopingCall lc = recordingCall();
        lc.start(2.0);
        clock.advance(1.5);
        lc.reset();
        clock.advance(1.5);
        assertThat(calls).containsExactly(0.0);
        clock.advance(0.5);
        assertThat(calls).containsExactly(0.0, 3.5);
        lc.stop();
    }

    @Test
    void canBeRestartedAfterStopping() {
        LoopingCall lc = recordingCall();
        lc.start(1.0);
        lc.stop();
        lc.start(1.0, false);
        clock.advance(1);
        assertThat(calls).containsExactly(0.0, 1.0);
        lc.stop();
    }

    @Test
    void misuseIsRefused() {
        LoopingCall lc = recordingCall();
        assertThatThrownBy(lc::stop).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(lc::reset).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lc.start(-1)).isInstanceOf(IllegalArgumentException.class);
        lc.start(1);
        assertThatThrownBy(() -> lc.start(1)).isInstanceOf(IllegalStateException.class);
        lc.stop();
    }
}
