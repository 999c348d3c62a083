package dev.twine.internet.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.testing.LogCapture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer heap on a clock the test moves by hand, so due times can be equal by construction. */
@Timeout(30)
class TimedCallsTest {
    private double now;
    private final TimedCalls calls = new TimedCalls(() -> now, true);
    private final List<Integer> ran = new ArrayList<>();
    private LogCapture log;

    @BeforeEach
    void setUp() {
        log = LogCapture.start();
    }

    @AfterEach
    void tearDown() {
        try {
            log.assertNoErrors();
        } finally {
            log.close();
        }
    }

    private Runnable record(int i) {
        return () -> ran.add(i);
    }

    @Test
    void sameTimeRunsInSchedulingOrder() {
        for (int i = 0; i < 50; i++) {
            calls.schedule(1, record(i));
        }
        now = 1;
        calls.runDue();
        assertThat(ran).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
    }

    @Test
    void aThousandRandomCallsRunSortedByTimeThenSequence() {
        Random random = new Random(1234);
        record Scheduled(int index, double time) {
        }
        List<Scheduled> scheduled = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // Few distinct delays: plenty of ties, which the sequence (the scheduling order) must break.
            double delay = random.nextInt(20) * 0.25;
            now = random.nextInt(4) * 0.25; // and a clock that moves while scheduling
            calls.schedule(delay, record(i));
            scheduled.add(new Scheduled(i, now + delay));
        }
        now = 100;
        calls.runDue();
        assertThat(ran).containsExactlyElementsOf(scheduled.stream()
                .sorted(Comparator.comparingDouble(Scheduled::time).thenComparingInt(Scheduled::index))
                .map(Scheduled::index).toList());
        assertThat(calls.count()).isZero();
    }

    @Test
    void onlyDueCallsRun() {
        calls.schedule(1, record(1));
        calls.schedule(2, record(2));
        calls.schedule(3, record(3));
        now = 2;
        calls.runDue();
        assertThat(ran).containsExactly(1, 2);
        assertThat(calls.timeUntilNext()).isEqualTo(1);
        now = 5;
        assertThat(calls.timeUntilNext()).as("overdue").isZero();
        calls.runDue();
        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(calls.timeUntilNext()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void aRescheduleCountsAsSchedulingAnew() {
        DelayedCall a = calls.schedule(1, record(1));
        calls.schedule(1, record(2));
        a.reset(1); // same time as before, but now after 2
        now = 1;
        calls.runDue();
        assertThat(ran).containsExactly(2, 1);
    }

    @Test
    void callsScheduledDuringRunDueWaitForTheNextOne() {
        calls.schedule(0, () -> {
            ran.add(1);
            calls.schedule(0, record(2));
            calls.schedule(0, record(3)).cancel();
        });
        calls.runDue();
        assertThat(ran).containsExactly(1);
        assertThat(calls.count()).isEqualTo(1);
        assertThat(calls.timeUntilNext()).isZero();
        calls.runDue();
        assertThat(ran).containsExactly(1, 2);
    }

    @Test
    void randomCancelsResetsAndDelaysAgainstAModel() {
        Random random = new Random(99);
        List<DelayedCall> live = new ArrayList<>();
        List<DelayedCall> all = new ArrayList<>();
        for (int round = 0; round < 5000; round++) {
            int op = random.nextInt(10);
            if (op < 5 || live.isEmpty()) {
                DelayedCall c = calls.schedule(random.nextInt(50), record(all.size()));
                all.add(c);
                live.add(c);
            } else if (op < 7) {
                live.remove(random.nextInt(live.size())).cancel();
            } else if (op < 9) {
                live.get(random.nextInt(live.size())).reset(random.nextInt(50));
            } else {
                live.get(random.nextInt(live.size())).delay(random.nextInt(21) - 10);
            }
        }
        assertThat(calls.count()).isEqualTo(live.size());
        // Within equal times the order is that of the last (re)scheduling, which the heap's sequence records.
        List<Integer> expected = live.stream()
                .sorted(Comparator.comparingDouble(DelayedCall::getTime).thenComparingLong(c -> c.sequence))
                .map(all::indexOf).toList();
        now = 1000;
        calls.runDue();
        assertThat(ran).containsExactlyElementsOf(expected);
        assertThat(live).allSatisfy(c -> assertThat(c.called()).isTrue());
    }

    @Test
    void exceptionsAreLoggedAndTheOtherCallsRun() {
        calls.schedule(0, () -> {
            throw new IllegalStateException("boom");
        });
        calls.schedule(0, record(1));
        calls.runDue();
        assertThat(ran).containsExactly(1);
        assertThat(log.flushErrors(IllegalStateException.class)).isEqualTo(1);
    }

    @Test
    void badDelaysAreRejected() {
        assertThatThrownBy(() -> calls.schedule(-0.001, record(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calls.schedule(Double.NaN, record(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls.count()).isZero();
    }
}
