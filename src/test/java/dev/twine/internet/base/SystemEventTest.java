package dev.twine.internet.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.defer.Deferred;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.TriggerId;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ReactorFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * System event triggers: addSystemEventTrigger, removeSystemEventTrigger and fireSystemEvent, after Twisted's
 * {@code test_internet.ThreePhaseEventTests} and {@code SystemEventTests}.
 */
@Timeout(30)
class SystemEventTest {
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
    void phasesRunInOrderWhateverTheOrderOfAdding() {
        reactor.addSystemEventTrigger("after", "test", record("after"));
        reactor.addSystemEventTrigger("during", "test", record("during"));
        reactor.addSystemEventTrigger("before", "test", record("before 1"));
        reactor.addSystemEventTrigger("before", "test", record("before 2"));

        reactor.fireSystemEvent("test");

        assertThat(events).containsExactly("before 1", "before 2", "during", "after");
    }

    @Test
    void triggersRunOnce() {
        reactor.addSystemEventTrigger("before", "test", record("before"));
        reactor.addSystemEventTrigger("during", "test", record("during"));
        reactor.addSystemEventTrigger("after", "test", record("after"));
        reactor.fireSystemEvent("test");
        reactor.fireSystemEvent("test");
        assertThat(events).containsExactly("before", "during", "after");
    }

    @Test
    void eventsAreIndependent() {
        reactor.addSystemEventTrigger("during", "one", record("one"));
        reactor.addSystemEventTrigger("during", "two", record("two"));
        reactor.fireSystemEvent("two");
        assertThat(events).containsExactly("two");
        reactor.fireSystemEvent("nobody listens to this one");
        assertThat(events).containsExactly("two");
    }

    @Test
    void invalidPhaseIsRejected() {
        assertThatThrownBy(() -> reactor.addSystemEventTrigger("xxx", "test", record("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xxx");
        assertThatThrownBy(() -> reactor.addSystemEventTrigger(null, "test", record("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reactor.addSystemEventTrigger("During", "test", () -> Deferred.succeed(1)))
                .isInstanceOf(IllegalArgumentException.class);
        reactor.fireSystemEvent("test");
        assertThat(events).isEmpty();
    }

    @Test
    void removedTriggerDoesNotRun() {
        TriggerId before = reactor.addSystemEventTrigger("before", "test", record("before"));
        TriggerId during = reactor.addSystemEventTrigger("during", "test", record("during"));
        reactor.addSystemEventTrigger("after", "test", record("after"));
        assertThat(during.phase()).isEqualTo("during");
        assertThat(during.eventType()).isEqualTo("test");

        reactor.removeSystemEventTrigger(before);
        reactor.removeSystemEventTrigger(during);
        reactor.fireSystemEvent("test");

        assertThat(events).containsExactly("after");
    }

    @Test
    void removingAnUnknownTriggerIsRejected() {
        TriggerId id = reactor.addSystemEventTrigger("during", "test", record("during"));
        reactor.removeSystemEventTrigger(id);

        assertThatThrownBy(() -> reactor.removeSystemEventTrigger(id)).as("removed twice")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reactor.removeSystemEventTrigger(null))
                .isInstanceOf(IllegalArgumentException.class);
        TriggerId forged = new TriggerId() {
            @Override
            public String phase() {
                return "during";
            }

            @Override
            public String eventType() {
                return "test";
            }
        };
        assertThatThrownBy(() -> reactor.removeSystemEventTrigger(forged))
                .isInstanceOf(IllegalArgumentException.class);

        TriggerId fired = reactor.addSystemEventTrigger("after", "test", record("after"));
        reactor.fireSystemEvent("test");
        assertThatThrownBy(() -> reactor.removeSystemEventTrigger(fired)).as("already fired")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(events).containsExactly("after");
    }

    @Test
    void triggerRemovingALaterOneOfTheSameFiring() {
        TriggerId[] later = new TriggerId[2];
        reactor.addSystemEventTrigger("before", "test", () -> {
            events.add("before");
            reactor.removeSystemEventTrigger(later[0]);
            reactor.removeSystemEventTrigger(later[1]);
        });
        later[0] = reactor.addSystemEventTrigger("before", "test", record("removed before"));
        later[1] = reactor.addSystemEventTrigger("during", "test", record("removed during"));
        reactor.addSystemEventTrigger("during", "test", record("during"));

        reactor.fireSystemEvent("test");

        assertThat(events).containsExactly("before", "during");
    }

    @Test
    void removingABeforeTriggerThatAlreadyRanInThisFiringIsOnlyWarnedAbout() {
        TriggerId[] first = new TriggerId[1];
        first[0] = reactor.addSystemEventTrigger("before", "test", record("first"));
        reactor.addSystemEventTrigger("before", "test", () -> reactor.removeSystemEventTrigger(first[0]));
        reactor.addSystemEventTrigger("before", "test", record("second"));

        reactor.fireSystemEvent("test");

        assertThat(events).containsExactly("first", "second");
        assertThat(log.records()).anySatisfy(r -> assertThat(r.getMessage()).contains("already fired"));
    }

    @Test
    void anExceptionInOneTriggerDoesNotStopTheOthers() {
        reactor.addSystemEventTrigger("before", "test", () -> {
            throw new IllegalStateException("before fails");
        });
        reactor.addSystemEventTrigger("before", "test", record("before"));
        reactor.addSystemEventTrigger("during", "test", () -> {
            throw new IllegalStateException("during fails");
        });
        reactor.addSystemEventTrigger("during", "test", record("during"));
        reactor.addSystemEventTrigger("after", "test", () -> {
            throw new IllegalStateException("after fails");
        });
        reactor.addSystemEventTrigger("after", "test", record("after"));

        reactor.fireSystemEvent("test");

        assertThat(events).containsExactly("before", "during", "after");
        assertThat(log.flushErrors(IllegalStateException.class)).isEqualTo(3);
    }

    @Test
    void beforeTriggerDeferredHoldsBackDuringAndAfter() {
        Deferred<String> first = new Deferred<>();
        Deferred<String> second = new Deferred<>();
        reactor.addSystemEventTrigger("before", "test", () -> {
            events.add("before 1");
            return first;
        });
        reactor.addSystemEventTrigger("before", "test", () -> {
            events.add("before 2");
            return second;
        });
        reactor.addSystemEventTrigger("during", "test", record("during"));
        reactor.addSystemEventTrigger("after", "test", record("after"));

        reactor.fireSystemEvent("test");
        assertThat(events).containsExactly("before 1", "before 2");
        second.callback("done");
        assertThat(events).as("one Deferred is still waiting").containsExactly("before 1", "before 2");
        first.callback("done");
        assertThat(events).containsExactly("before 1", "before 2", "during", "after");
    }

    @Test
    void aFailedBeforeDeferredStillLetsTheEventContinue() {
        Deferred<String> d = new Deferred<>();
        reactor.addSystemEventTrigger("before", "test", () -> d);
        reactor.addSystemEventTrigger("during", "test", record("during"));
        reactor.fireSystemEvent("test");
        d.addErrback(f -> null); // handled here, so nothing is reported as unhandled
        d.errback(new IllegalStateException("before failed"));
        assertThat(events).containsExactly("during");
    }

    @Test
    void duringTriggerRemovedWhileTheBeforeDeferredWaitsDoesNotRun() {
        Deferred<String> d = new Deferred<>();
        reactor.addSystemEventTrigger("before", "test", () -> d);
        TriggerId during = reactor.addSystemEventTrigger("during", "test", record("during"));
        reactor.addSystemEventTrigger("after", "test", record("after"));
        reactor.fireSystemEvent("test");
        reactor.removeSystemEventTrigger(during);
        d.callback("go");
        assertThat(events).containsExactly("after");
    }

    @Test
    void beforeShutdownDeferredDelaysDuringShutdownUntilItFires() {
        Deferred<String> d = new Deferred<>();
        double[] stoppedAt = new double[1];
        reactor.addSystemEventTrigger("before", "shutdown", () -> {
            events.add("before");
            reactor.callLater(0.05, () -> {
                events.add("firing");
                d.callback("done");
            });
            return d;
        });
        reactor.addSystemEventTrigger("during", "shutdown", () -> {
            events.add("during, running=" + reactor.running());
        });
        reactor.addSystemEventTrigger("after", "shutdown", record("after"));
        reactor.callWhenRunning(() -> {
            stoppedAt[0] = reactor.seconds();
            reactor.stop();
            events.add("stopped");
        });

        Reactors.run(reactor);

        // The reactor's own "during shutdown" trigger, crash, was added first: running is false for the others.
        assertThat(events).containsExactly("stopped", "before", "firing", "during, running=false", "after");
        assertThat(reactor.running()).isFalse();
        assertThat(reactor.seconds() - stoppedAt[0]).isGreaterThanOrEqualTo(0.05);
    }

    @Test
    void beforeStartupDeferredDelaysRunningUntilItFires() {
        reactor.addSystemEventTrigger("before", "startup", () -> {
            events.add("before, running=" + reactor.running());
            Deferred<String> d = new Deferred<>();
            reactor.callLater(0, () -> {
                events.add("firing, running=" + reactor.running());
                d.callback("go");
            });
            return d;
        });
        reactor.callWhenRunning(() -> {
            events.add("running=" + reactor.running());
            reactor.stop();
        });

        Reactors.run(reactor);

        assertThat(events).containsExactly("before, running=false", "firing, running=false", "running=true");
    }

    @Test
    void customEventWithTriggersAddingTriggers() {
        reactor.addSystemEventTrigger("during", "custom", () -> {
            events.add("during 1");
            reactor.addSystemEventTrigger("during", "custom", record("added during"));
            reactor.addSystemEventTrigger("after", "custom", record("added after"));
        });
        reactor.fireSystemEvent("custom");
        assertThat(events).containsExactly("during 1", "added during", "added after");
    }
}
