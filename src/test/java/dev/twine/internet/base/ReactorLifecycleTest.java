package dev.twine.internet.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.ReactorAlreadyRunning;
import dev.twine.internet.error.ReactorNotRestartable;
import dev.twine.internet.error.ReactorNotRunning;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.TriggerId;
import dev.twine.testing.Fds;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.TestDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** run, stop, crash, iterate and the startup and shutdown events: after Twisted's {@code test_core}. */
@Timeout(30)
class ReactorLifecycleTest {
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

    @Test
    void runFiresStartupTriggersInPhaseOrder() {
        reactor.addSystemEventTrigger("after", "startup", () -> events.add("after, running=" + reactor.running()));
        reactor.addSystemEventTrigger("during", "startup", () -> events.add("during, running=" + reactor.running()));
        reactor.addSystemEventTrigger("before", "startup", () -> events.add("before, running=" + reactor.running()));
        reactor.callWhenRunning(() -> {
            events.add("callWhenRunning, running=" + reactor.running());
            reactor.stop();
        });
        assertThat(events).isEmpty();

        Reactors.run(reactor);

        assertThat(events).containsExactly("before, running=false", "during, running=true", "after, running=true",
                "callWhenRunning, running=true");
        assertThat(reactor.running()).isFalse();
    }

    @Test
    void callWhenRunningKeepsOrderAndRunsAtOnceWhenRunning() {
        TriggerId first = reactor.callWhenRunning(() -> events.add("first"));
        reactor.callWhenRunning(() -> events.add("second"));
        reactor.callWhenRunning(() -> {
            TriggerId now = reactor.callWhenRunning(() -> events.add("nested, at once"));
            events.add("nested returned " + now);
            reactor.stop();
        });
        assertThat(first).isNotNull();
        assertThat(first.phase()).isEqualTo("after");
        assertThat(first.eventType()).isEqualTo("startup");

        Reactors.run(reactor);

        assertThat(events).containsExactly("first", "second", "nested, at once", "nested returned null");
    }

    @Test
    void stopFiresShutdownTriggersInPhaseOrderAfterStopReturns() {
        reactor.addSystemEventTrigger("after", "shutdown", () -> events.add("after, running=" + reactor.running()));
        reactor.addSystemEventTrigger("during", "shutdown", () -> events.add("during"));
        reactor.addSystemEventTrigger("before", "shutdown",
                () -> events.add("before, running=" + reactor.running()));
        reactor.callWhenRunning(() -> {
            reactor.stop();
            events.add("stop returned");
        });

        Reactors.run(reactor);

        assertThat(events).containsExactly("stop returned", "before, running=true", "during",
                "after, running=false");
    }

    @Test
    void stopDuringStartupStillStartsThenShutsDown() {
        reactor.addSystemEventTrigger("before", "startup", () -> {
            reactor.stop();
            events.add("stopped before startup");
        });
        reactor.addSystemEventTrigger("after", "startup", () -> events.add("after startup, running="
                + reactor.running()));
        reactor.addSystemEventTrigger("before", "shutdown", () -> events.add("before shutdown"));
        Reactors.run(reactor);
        assertThat(events).containsExactly("stopped before startup", "after startup, running=true",
                "before shutdown");
        assertThat(reactor.running()).isFalse();
    }

    @Test
    void stopWhenNotRunningRaises() {
        assertThatThrownBy(reactor::stop).isInstanceOf(ReactorNotRunning.class);
    }

    @Test
    void stopTwiceRaises() {
        reactor.callWhenRunning(() -> {
            reactor.stop();
            try {
                reactor.stop();
                events.add("second stop accepted");
            } catch (ReactorNotRunning expected) {
                events.add("second stop refused");
            }
        });
        Reactors.run(reactor);
        assertThat(events).containsExactly("second stop refused");
        assertThatThrownBy(reactor::stop).isInstanceOf(ReactorNotRunning.class);
    }

    @Test
    void runWhileRunningRaises() {
        reactor.callWhenRunning(() -> {
            try {
                reactor.run(false);
                events.add("nested run returned");
            } catch (ReactorAlreadyRunning expected) {
                events.add("ReactorAlreadyRunning");
            }
            reactor.stop();
        });
        Reactors.run(reactor);
        assertThat(events).containsExactly("ReactorAlreadyRunning");
    }

    @Test
    void runAfterStopRaises() {
        reactor.callWhenRunning(reactor::stop);
        reactor.addSystemEventTrigger("after", "shutdown", () -> {
            try {
                reactor.run(false);
            } catch (ReactorNotRestartable expected) {
                events.add("not restartable, inside");
            }
        });
        Reactors.run(reactor);

        assertThatThrownBy(() -> reactor.run(false)).isInstanceOf(ReactorNotRestartable.class);
        assertThatThrownBy(() -> reactor.startRunning(false)).isInstanceOf(ReactorNotRestartable.class);
        assertThat(events).containsExactly("not restartable, inside");
    }

    @Test
    void crashStopsWithoutShutdownTriggers() {
        reactor.addSystemEventTrigger("before", "shutdown", () -> events.add("before shutdown"));
        reactor.addSystemEventTrigger("during", "shutdown", () -> events.add("during shutdown"));
        reactor.callWhenRunning(() -> reactor.callLater(0, reactor::crash));

        Reactors.run(reactor);

        assertThat(reactor.running()).isFalse();
        assertThat(events).isEmpty();
        assertThat(reactor.reactorThread()).isNull();
    }

    @Test
    void runAfterCrashStartsAgain() {
        reactor.addSystemEventTrigger("during", "startup", () -> events.add("startup 1"));
        reactor.callWhenRunning(() -> {
            events.add("crash");
            reactor.crash();
        });
        Reactors.run(reactor);
        assertThat(reactor.running()).isFalse();

        reactor.addSystemEventTrigger("before", "startup", () -> events.add("before startup 2, running="
                + reactor.running()));
        reactor.addSystemEventTrigger("during", "startup", () -> events.add("startup 2"));
        reactor.addSystemEventTrigger("after", "shutdown", () -> events.add("after shutdown"));
        reactor.callWhenRunning(() -> {
            events.add("stop, running=" + reactor.running());
            reactor.stop();
        });
        Reactors.run(reactor);

        assertThat(events).containsExactly("startup 1", "crash", "before startup 2, running=false", "startup 2",
                "stop, running=true", "after shutdown");
        assertThat(reactor.running()).isFalse();
    }

    @Test
    void crashInsideTheLoopThenRunAgain() {
        int[] passes = {0};
        reactor.callWhenRunning(() -> reactor.callLater(0.01, () -> {
            passes[0]++;
            reactor.crash();
        }));
        Reactors.run(reactor);
        reactor.callWhenRunning(() -> reactor.callLater(0.01, () -> {
            passes[0]++;
            reactor.stop();
        }));
        Reactors.run(reactor);
        assertThat(passes[0]).isEqualTo(2);
    }

    @Test
    void crashDuringStartupEndsRunAndLeavesTheReactorStopped() {
        reactor.addSystemEventTrigger("before", "startup", () -> {
            events.add("crash");
            reactor.crash();
        });
        reactor.addSystemEventTrigger("after", "startup", () -> events.add("after startup"));

        Reactors.run(reactor);

        assertThat(events).containsExactly("crash", "after startup");
        // The startup event went on to its "during" phase, which no longer makes a crashed reactor running.
        assertThat(reactor.running()).as("not running once run() returned").isFalse();
        assertThat(reactor.reactorThread()).isNull();
    }

    @Test
    void stopAfterACrashShutsDownOnTheNextPassAndForbidsARestart() {
        reactor.addSystemEventTrigger("during", "shutdown", () -> events.add("during shutdown"));
        reactor.callWhenRunning(reactor::crash);
        Reactors.run(reactor);

        // As in Twisted: a crash does not mark the reactor stopped, so stop() is allowed once, and takes effect.
        reactor.stop();
        assertThatThrownBy(reactor::stop).isInstanceOf(ReactorNotRunning.class);
        assertThat(reactor.timeout()).as("the shutdown is due now").isZero();
        reactor.iterate(0);
        assertThat(events).containsExactly("during shutdown");
        assertThat(reactor.running()).isFalse();
        assertThatThrownBy(() -> reactor.run(false)).isInstanceOf(ReactorNotRestartable.class);
    }

    @Test
    void crashWhileStoppingEndsTheLoopAndTheShutdownStillFollows() {
        reactor.addSystemEventTrigger("during", "shutdown", () -> events.add("during shutdown"));
        reactor.callWhenRunning(() -> {
            reactor.stop();
            events.add("stopping, running=" + reactor.running());
            reactor.crash();
        });
        Reactors.run(reactor);

        assertThat(events).containsExactly("stopping, running=true");
        assertThatThrownBy(reactor::stop).isInstanceOf(ReactorNotRunning.class);
        assertThatThrownBy(() -> reactor.run(false)).isInstanceOf(ReactorNotRestartable.class);
        reactor.iterate(0);
        assertThat(events).containsExactly("stopping, running=true", "during shutdown");
    }

    @Test
    void startRunningThenMainLoop() {
        reactor.addSystemEventTrigger("during", "startup", () -> events.add("startup"));
        reactor.callLater(0, () -> {
            events.add("timed call, running=" + reactor.running());
            reactor.stop();
        });

        reactor.startRunning(false);
        assertThat(events).containsExactly("startup");
        assertThat(reactor.running()).isTrue();
        assertThatThrownBy(() -> reactor.startRunning(false)).isInstanceOf(ReactorAlreadyRunning.class);

        IDelayedCall watchdog = reactor.callLater(Reactors.WATCHDOG_SECONDS, reactor::crash);
        reactor.mainLoop();
        watchdog.cancel();

        assertThat(events).containsExactly("startup", "timed call, running=true");
        assertThat(reactor.running()).isFalse();
        assertThat(reactor.reactorThread()).isNull();
    }

    @Test
    void iterateRunsDueCallsWithoutBlocking() {
        IDelayedCall later = reactor.callLater(5, () -> events.add("later"));
        reactor.callLater(0, () -> events.add("now"));

        long start = System.nanoTime();
        reactor.iterate(0);
        double elapsed = (System.nanoTime() - start) / 1e9;

        assertThat(events).containsExactly("now");
        assertThat(elapsed).isLessThan(2);
        later.cancel();
    }

    @Test
    void iterateWaitsForIoUpToItsDelay() {
        try (Fds fds = new Fds()) {
            int[] pair = fds.socketpair();
            TestDescriptor reader = new TestDescriptor("reader", pair[0]);
            reactor.addReader(reader);

            long start = System.nanoTime();
            reactor.iterate(0.05);
            double waited = (System.nanoTime() - start) / 1e9;
            assertThat(waited).as("nothing to read: it sleeps its delay").isGreaterThanOrEqualTo(0.045);
            assertThat(reader.reads).isZero();

            Fds.write(pair[1], "ping");
            start = System.nanoTime();
            reactor.iterate(30);
            waited = (System.nanoTime() - start) / 1e9;
            assertThat(waited).as("data waiting: it returns at once").isLessThan(5);
            assertThat(reader.received()).isEqualTo("ping");

            reactor.removeReader(reader);
        }
    }

    @Test
    void iterateRejectsBadDelays() {
        assertThatThrownBy(() -> reactor.iterate(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reactor.iterate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopFromADelayedCallEndsRun() {
        reactor.callLater(0.02, reactor::stop);
        long start = System.nanoTime();
        Reactors.run(reactor);
        assertThat((System.nanoTime() - start) / 1e9).isGreaterThanOrEqualTo(0.015);
    }

    @Test
    void reactorThreadIsTheRunningThread() {
        Thread[] seen = new Thread[1];
        assertThat(reactor.reactorThread()).isNull();
        reactor.callWhenRunning(() -> {
            seen[0] = reactor.reactorThread();
            reactor.stop();
        });
        Reactors.run(reactor);
        assertThat(seen[0]).isSameAs(Thread.currentThread());
        assertThat(reactor.reactorThread()).isNull();
    }

    @Test
    void shutdownDisconnectsEveryDescriptorEvenIfOneThrows() {
        try (Fds fds = new Fds()) {
            int[] a = fds.socketpair();
            int[] b = fds.socketpair();
            TestDescriptor bad = new TestDescriptor("bad", a[0]);
            bad.onLost = () -> {
                throw new IllegalStateException("connectionLost fails");
            };
            TestDescriptor good = new TestDescriptor("good", b[0]);
            reactor.addReader(bad);
            reactor.addWriter(good);
            reactor.callWhenRunning(reactor::stop);

            Reactors.run(reactor);

            assertThat(bad.lost).hasSize(1);
            assertThat(good.lost).singleElement()
                    .satisfies(f -> assertThat(f.value()).isInstanceOf(
                            dev.twine.internet.error.ConnectionLost.class));
            assertThat(reactor.getReaders()).as("only the waker is left").hasSize(1);
            assertThat(reactor.getWriters()).isEmpty();
            assertThat(log.flushErrors(IllegalStateException.class)).isEqualTo(1);
        }
    }

    @Test
    void customEventFiredWhileRunning() {
        reactor.callLater(0, () -> reactor.fireSystemEvent("custom"));
        reactor.addSystemEventTrigger("during", "custom", () -> events.add("custom"));
        reactor.callLater(0.01, reactor::stop);
        Reactors.run(reactor);
        assertThat(events).containsExactly("custom");
    }
}
