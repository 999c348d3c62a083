package dev.twine.internet.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.AlreadyCalled;
import dev.twine.internet.error.AlreadyCancelled;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.testing.Fds;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.TestDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** callLater and DelayedCall on a real reactor: after Twisted's {@code test_internet.TimeTests} and {@code test_time}. */
@Timeout(30)
class ReactorTimeTest {
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

    private Runnable record(String event) {
        return () -> events.add(event);
    }

    @Test
    void callsRunInOrderOfTheirTimes() {
        reactor.callLater(0.03, record("c"));
        reactor.callLater(0.01, record("a"));
        reactor.callLater(0.02, record("b"));
        reactor.callLater(Duration.ofMillis(40), record("d"));
        reactor.callLater(0.05, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).containsExactly("a", "b", "c", "d");
    }

    @Test
    void callsDueAtTheSameTimeRunInSchedulingOrder() {
        IDelayedCall first = reactor.callLater(0.01, record("first"));
        List<IDelayedCall> others = new ArrayList<>();
        for (String name : List.of("second", "third", "fourth")) {
            IDelayedCall call = reactor.callLater(0.01, record(name));
            // Exactly first's time: t + (u - t) == u when t and u are this close (Sterbenz).
            call.delay(first.getTime() - call.getTime());
            others.add(call);
        }
        assertThat(others).allSatisfy(c -> assertThat(c.getTime()).isEqualTo(first.getTime()));
        reactor.callLater(0.02, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).containsExactly("first", "second", "third", "fourth");
    }

    @Test
    void aThousandRandomCallsRunSortedByTimeThenSequence() {
        Random random = new Random(42);
        double base = reactor.seconds() + 0.01;
        record Scheduled(int index, double time) {
        }
        List<Scheduled> scheduled = new ArrayList<>();
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int index = i;
            IDelayedCall call = reactor.callLater(random.nextDouble() * 0.05, () -> ran.add(index));
            if (random.nextBoolean()) {
                // Half of them land exactly on a 5 ms grid, so many share a due time.
                double target = base + 0.005 * random.nextInt(10);
                call.delay(target - call.getTime());
                assertThat(call.getTime()).isEqualTo(target);
            }
            scheduled.add(new Scheduled(index, call.getTime()));
        }
        reactor.callLater(0.1, reactor::stop);

        Reactors.run(reactor);

        // Scheduling (or rescheduling with delay) happened in index order, so the index is the sequence.
        List<Integer> expected = scheduled.stream()
                .sorted(Comparator.comparingDouble(Scheduled::time).thenComparingInt(Scheduled::index))
                .map(Scheduled::index)
                .toList();
        assertThat(ran).containsExactlyElementsOf(expected);
        assertThat(scheduled.stream().mapToDouble(Scheduled::time).distinct().count()).isLessThan(1000);
    }

    @Test
    void cancel() {
        IDelayedCall call = reactor.callLater(0.01, record("cancelled call"));
        assertThat(call.active()).isTrue();
        call.cancel();
        assertThat(call.active()).isFalse();
        assertThat(call.cancelled()).isTrue();
        assertThat(call.called()).isFalse();
        assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCancelled.class);
        assertThatThrownBy(() -> call.reset(1)).isInstanceOf(AlreadyCancelled.class);
        assertThatThrownBy(() -> call.delay(1)).isInstanceOf(AlreadyCancelled.class);
        assertThat(reactor.getDelayedCalls()).doesNotContain(call);

        reactor.callLater(0.03, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).isEmpty();
    }

    @Test
    void calledCallCannotBeChanged() {
        IDelayedCall call = reactor.callLater(0, record("ran"));
        reactor.iterate(0);
        assertThat(events).containsExactly("ran");
        assertThat(call.called()).isTrue();
        assertThat(call.active()).isFalse();
        assertThat(call.cancelled()).isFalse();
        assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCalled.class);
        assertThatThrownBy(() -> call.reset(1)).isInstanceOf(AlreadyCalled.class);
        assertThatThrownBy(() -> call.delay(1)).isInstanceOf(AlreadyCalled.class);
        assertThat(reactor.getDelayedCalls()).doesNotContain(call);
    }

    @Test
    void aCallCannotCancelItselfWhileRunning() {
        IDelayedCall[] self = new IDelayedCall[1];
        self[0] = reactor.callLater(0, () -> {
            try {
                self[0].cancel();
                events.add("cancelled itself");
            } catch (AlreadyCalled expected) {
                events.add("AlreadyCalled");
            }
        });
        reactor.iterate(0);
        assertThat(events).containsExactly("AlreadyCalled");
    }

    @Test
    void aCallCancelsAnotherDueInTheSamePass() {
        IDelayedCall[] second = new IDelayedCall[1];
        IDelayedCall first = reactor.callLater(0, () -> {
            events.add("first");
            second[0].cancel();
        });
        second[0] = reactor.callLater(0, record("second"));
        second[0].delay(first.getTime() - second[0].getTime());
        reactor.iterate(0);
        assertThat(events).containsExactly("first");
        assertThat(second[0].cancelled()).isTrue();
    }

    @Test
    void resetMovesTheCallRelativeToNow() {
        IDelayedCall a = reactor.callLater(0.01, record("a"));
        IDelayedCall b = reactor.callLater(0.03, record("b"));
        double before = reactor.seconds();
        a.reset(0.05);
        double after = reactor.seconds();
        assertThat(a.getTime()).isBetween(before + 0.05, after + 0.05);
        b.reset(0);
        reactor.callLater(0.08, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).containsExactly("b", "a");
    }

    @Test
    void delayMovesTheCallRelativeToItsTime() {
        IDelayedCall a = reactor.callLater(0.01, record("a"));
        IDelayedCall b = reactor.callLater(0.04, record("b"));
        double aTime = a.getTime();
        double bTime = b.getTime();
        a.delay(0.05);
        b.delay(-0.04);
        assertThat(a.getTime()).isCloseTo(aTime + 0.05, within(1e-9));
        assertThat(b.getTime()).isCloseTo(bTime - 0.04, within(1e-9));
        reactor.callLater(0.1, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).containsExactly("b", "a");
    }

    @Test
    void getTimeIsNowPlusTheDelay() {
        double before = reactor.seconds();
        IDelayedCall call = reactor.callLater(3, record("x"));
        double after = reactor.seconds();
        assertThat(call.getTime()).isBetween(before + 3, after + 3);
        call.cancel();
    }

    @Test
    void getDelayedCallsListsThePendingOnes() {
        assertThat(reactor.getDelayedCalls()).isEmpty();
        IDelayedCall a = reactor.callLater(10, record("a"));
        IDelayedCall b = reactor.callLater(0, record("b"));
        IDelayedCall c = reactor.callLater(20, record("c"));
        assertThat(reactor.getDelayedCalls()).containsExactlyInAnyOrder(a, b, c);

        c.cancel();
        assertThat(reactor.getDelayedCalls()).containsExactlyInAnyOrder(a, b);

        reactor.iterate(0);
        assertThat(reactor.getDelayedCalls()).containsExactly(a);

        // A call scheduled by a running call is pending too, even before the next pass inserts it.
        IDelayedCall[] inner = new IDelayedCall[1];
        List<List<IDelayedCall>> seen = new ArrayList<>();
        reactor.callLater(0, () -> {
            inner[0] = reactor.callLater(5, record("inner"));
            seen.add(reactor.getDelayedCalls());
        });
        reactor.iterate(0);
        assertThat(seen.get(0)).containsExactlyInAnyOrder(a, inner[0]);
        assertThat(reactor.getDelayedCalls()).containsExactlyInAnyOrder(a, inner[0]);
        a.cancel();
        inner[0].cancel();
        assertThat(reactor.getDelayedCalls()).isEmpty();
        assertThat(events).containsExactly("b");
    }

    @Test
    void secondsIsMonotonic() {
        double previous = reactor.seconds();
        for (int i = 0; i < 100_000; i++) {
            double now = reactor.seconds();
            assertThat(now).isGreaterThanOrEqualTo(previous);
            previous = now;
        }
        assertThat(reactor.seconds()).isCloseTo(System.nanoTime() / 1e9, within(1.0));
    }

    @Test
    void zeroDelayCallScheduledByACallWaitsForTheNextPass() {
        reactor.callLater(0, () -> {
            events.add("outer");
            reactor.callLater(0, record("inner"));
        });
        reactor.runUntilCurrent();
        assertThat(events).containsExactly("outer");
        assertThat(reactor.timeout()).as("but the reactor must not sleep").isZero();
        reactor.runUntilCurrent();
        assertThat(events).containsExactly("outer", "inner");
    }

    @Test
    void ioIsHandledBetweenACallAndTheZeroDelayCallItSchedules() {
        try (Fds fds = new Fds()) {
            int[] pair = fds.socketpair();
            TestDescriptor reader = new TestDescriptor("reader", pair[0]);
            reactor.addReader(reader);
            reactor.callWhenRunning(() -> reactor.callLater(0, () -> {
                Fds.write(pair[1], "x");
                // A call that keeps rescheduling itself with no delay must not starve I/O.
                reactor.callLater(0, () -> {
                    events.add("inner sees " + reader.received());
                    reactor.callFromThread(() -> events.add("thread call"));
                    reactor.callLater(0, () -> {
                        events.add("last");
                        reactor.stop();
                    });
                });
            }));
            Reactors.run(reactor);
            assertThat(events).containsExactly("inner sees x", "thread call", "last");
        }
    }

    @Test
    void timeoutIsInfiniteWhenNothingIsScheduledAndCapped() {
        assertThat(reactor.timeout()).isEqualTo(Double.POSITIVE_INFINITY);
        IDelayedCall far = reactor.callLater(1e12, record("never"));
        assertThat(reactor.timeout()).isEqualTo(ReactorBase.MAX_TIMEOUT_SECONDS);
        IDelayedCall soon = reactor.callLater(10, record("soon"));
        assertThat(reactor.timeout()).isBetween(9.0, 10.0);
        soon.cancel();
        reactor.callFromThread(record("thread call"));
        assertThat(reactor.timeout()).as("a thread call is waiting").isZero();
        reactor.runUntilCurrent();

        reactor.callLater(0.01, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).containsExactly("thread call");
        assertThat(far.active()).isTrue();
        far.cancel();
    }

    @Test
    void badDelaysAreRejected() {
        assertThatThrownBy(() -> reactor.callLater(-1, record("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reactor.callLater(Double.NaN, record("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reactor.callLater(Double.NEGATIVE_INFINITY, record("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reactor.callLater(1, null)).isInstanceOf(NullPointerException.class);
        IDelayedCall call = reactor.callLater(1, record("x"));
        assertThatThrownBy(() -> call.reset(-0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> call.reset(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> call.delay(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(call.active()).isTrue();
        call.cancel();
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void anExceptionInATimedCallIsLoggedAndLaterCallsStillRun() {
        reactor.callLater(0.01, () -> {
            throw new IllegalStateException("timed call fails");
        });
        reactor.callLater(0.01, record("same pass"));
        reactor.callLater(0.02, record("later pass"));
        reactor.callLater(0.03, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).containsExactly("same pass", "later pass");
        assertThat(log.errors(IllegalStateException.class)).singleElement()
                .satisfies(r -> assertThat(r.getThrown()).hasMessage("timed call fails"));
        log.flushErrors(IllegalStateException.class);
    }

    @Test
    void manyCallsCancelledAndResetKeepTheHeapConsistent() {
        Random random = new Random(7);
        List<IDelayedCall> calls = new ArrayList<>();
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int index = i;
            calls.add(reactor.callLater(random.nextDouble() * 0.03, () -> ran.add(index)));
        }
        List<Integer> cancelled = IntStream.range(0, 500).filter(i -> random.nextInt(3) == 0).boxed().toList();
        cancelled.forEach(i -> calls.get(i).cancel());
        for (int i = 0; i < 500; i++) {
            if (!cancelled.contains(i) && random.nextInt(4) == 0) {
                calls.get(i).reset(random.nextDouble() * 0.03);
            }
        }
        record Due(int index, double time) {
        }
        List<Integer> expected = IntStream.range(0, 500).filter(i -> !cancelled.contains(i))
                .mapToObj(i -> new Due(i, calls.get(i).getTime()))
                .sorted(Comparator.comparingDouble(Due::time))
                .map(Due::index).toList();
        reactor.callLater(0.05, reactor::stop);
        Reactors.run(reactor);
        assertThat(ran).containsExactlyElementsOf(expected);
    }
}
