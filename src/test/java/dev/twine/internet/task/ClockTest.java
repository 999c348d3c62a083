package dev.twine.internet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.error.AlreadyCalled;
import dev.twine.internet.error.AlreadyCancelled;
import dev.twine.internet.interfaces.IDelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClockTest {
    private final Clock clock = new Clock();
    private final List<String> ran = new ArrayList<>();

    private Runnable record(String name) {
        return () -> ran.add(name + "@" + clock.seconds());
    }

    @Test
    void timeStartsAtZeroAndMovesOnlyOnAdvance() {
        assertThat(clock.seconds()).isZero();
        clock.advance(1.5);
        assertThat(clock.seconds()).isEqualTo(1.5);
        clock.pump(1, 2, 0.5);
        assertThat(clock.seconds()).isEqualTo(5.0);
    }

    @Test
    void callsRunWhenDueAndNotBefore() {
        IDelayedCall call = clock.callLater(2, record("a"));
        assertThat(call.getTime()).isEqualTo(2.0);
        clock.advance(1.999);
        assertThat(ran).isEmpty();
        assertThat(call.active()).isTrue();
        clock.advance(0.001);
        assertThat(ran).containsExactly("a@2.0");
        assertThat(call.called()).isTrue();
        assertThat(call.active()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void callsRunInDueOrderAndTiesInSchedulingOrder() {
        clock.callLater(3, record("late"));
        clock.callLater(1, record("tie1"));
        clock.callLater(Duration.ofSeconds(1), record("tie2"));
        clock.callLater(0.5, record("early"));
        clock.callLater(1, record("tie3"));
        clock.advance(10);
        assertThat(ran).containsExactly("early@10.0", "tie1@10.0", "tie2@10.0", "tie3@10.0", "late@10.0");
    }

    @Test
    void aCallDueNowScheduledByARunningCallRunsInTheSameAdvance() {
        clock.callLater(1, () -> {
            ran.add("first");
            clock.callLater(0, record("nested"));
            clock.callLater(5, record("much later"));
        });
        clock.advance(1);
        assertThat(ran).containsExactly("first", "nested@1.0");
        assertThat(clock.getDelayedCalls()).hasSize(1);
    }

    @Test
    void getDelayedCallsListsPendingCallsSoonestFirst() {
        IDelayedCall b = clock.callLater(2, record("b"));
        IDelayedCall a = clock.callLater(1, record("a"));
        IDelayedCall c = clock.callLater(3, record("c"));
        assertThat(clock.getDelayedCalls()).containsExactly(a, b, c);
        b.cancel();
        assertThat(clock.getDelayedCalls()).containsExactly(a, c);
    }

    @Test
    void cancelledCallsDoNotRunAndCannotBeTouchedAgain() {
        IDelayedCall call = clock.callLater(1, record("x"));
        call.cancel();
        assertThat(call.cancelled()).isTrue();
        assertThat(call.active()).isFalse();
        clock.advance(2);
        assertThat(ran).isEmpty();
        assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCancelled.class);
        assertThatThrownBy(() -> call.reset(1)).isInstanceOf(AlreadyCancelled.class);
        assertThatThrownBy(() -> call.delay(1)).isInstanceOf(AlreadyCancelled.class);
    }

    @Test
    void calledCallsCannotBeTouchedAgain() {
        IDelayedCall call = clock.callLater(1, record("x"));
        clock.advance(1);
        assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCalled.class);
        assertThatThrownBy(() -> call.reset(1)).isInstanceOf(AlreadyCalled.class);
        assertThatThrownBy(() -> call.delay(1)).isInstanceOf(AlreadyCalled.class);
        assertThat(call.cancelled()).isFalse();
    }

    @Test
    void resetReschedulesFromNow() {
        IDelayedCall call = clock.callLater(5, record("x"));
        clock.advance(2);
        call.reset(1);
        assertThat(call.getTime()).isEqualTo(3.0);
        clock.advance(1);
        assertThat(ran).containsExactly("x@3.0");
    }

    @Test
    void resetCanPostpone() {
        IDelayedCall call = clock.callLater(1, record("x"));
        call.reset(4);
        clock.advance(3);
        assertThat(ran).isEmpty();
        clock.advance(1);
        assertThat(ran).containsExactly("x@4.0");
    }

    @Test
    void delayMovesTheCallBothWays() {
        IDelayedCall call = clock.callLater(2, record("x"));
        call.delay(3);
        assertThat(call.getTime()).isEqualTo(5.0);
        call.delay(-4);
        assertThat(call.getTime()).isEqualTo(1.0);
        clock.advance(1);
        assertThat(ran).containsExactly("x@1.0");
    }

    @Test
    void badDelaysAreRefused() {
        assertThatThrownBy(() -> clock.callLater(-1, record("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.callLater(Double.NaN, record("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExceptionFromACallPropagatesAndLaterCallsStayScheduled() {
        clock.callLater(1, () -> {
            throw new IllegalStateException("call failed");
        });
        clock.callLater(1, record("after"));
        assertThatThrownBy(() -> clock.advance(1)).hasMessage("call failed");
        assertThat(ran).isEmpty();
        clock.advance(0);
        assertThat(ran).containsExactly("after@1.0");
    }
}
