package dev.twine.internet.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ResourceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * run() handles SIGINT and SIGTERM and puts the previous handlers back. Every test first installs a guard handler
 * of its own for both signals (restored after the test), so a signal can never reach the JVM's default handler
 * and end the test JVM, and so the tests can see which handler is installed.
 */
@Timeout(30)
class SignalHandlingTest {
    private static final Signal TERM = new Signal("TERM");
    private static final Signal INT = new Signal("INT");

    private final AtomicInteger guardHits = new AtomicInteger();
    private final SignalHandler guard = s -> guardHits.incrementAndGet();
    private SignalHandler originalTerm;
    private SignalHandler originalInt;
    private ResourceSnapshot snapshot;
    private LogCapture log;
    private EPollReactor reactor;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        originalTerm = Signal.handle(TERM, guard);
        originalInt = Signal.handle(INT, guard);
        snapshot = ResourceSnapshot.take();
        log = LogCapture.start();
        reactor = new EPollReactor();
    }

    @AfterEach
    void tearDown() {
        try {
            reactor.close();
            log.assertNoErrors();
        } finally {
            log.close();
            Signal.handle(TERM, originalTerm);
            Signal.handle(INT, originalInt);
        }
        snapshot.assertNothingLeaked();
    }

    /**
     * The handler installed now, found by swapping in a probe and back. Never probe with SIG_IGN: once a shutdown
     * signal is ignored, HotSpot refuses to install any handler for it again (JVM_RegisterSignal).
     */
    private static SignalHandler current(Signal signal) {
        SignalHandler now = Signal.handle(signal, s -> { });
        Signal.handle(signal, now);
        return now;
    }

    /** A signal the process inherited as ignored cannot be handled at all: nothing to test then. */
    private void assumeHandleable(Signal signal) {
        assumeTrue(current(signal) == guard, "SIG" + signal.getName() + " is ignored by this process");
    }

    /** run(true) with a watchdog. */
    private void runWithSignalHandlers() {
        boolean[] fired = {false};
        IDelayedCall watchdog = reactor.callLater(Reactors.WATCHDOG_SECONDS, () -> {
            fired[0] = true;
            reactor.crash();
        });
        reactor.run();
        if (watchdog.active()) {
            watchdog.cancel();
        }
        assertThat(fired[0]).as("the reactor had to be stopped by the test's watchdog").isFalse();
    }

    private void sendToSelfWhenRunning(int signal, String name) {
        reactor.addSystemEventTrigger("before", "shutdown", () -> events.add("before shutdown"));
        reactor.addSystemEventTrigger("during", "shutdown", () -> events.add("during shutdown"));
        reactor.addSystemEventTrigger("after", "shutdown", () -> events.add("after shutdown"));
        reactor.callWhenRunning(() -> {
            events.add("handler installed=" + (current(new Signal(name)) != guard));
            Syscalls.kill(Syscalls.getpid(), signal);
        });
    }

    @Test
    void sigtermStopsTheReactorAndTheGuardIsBackAfterwards() {
        assumeHandleable(TERM);
        sendToSelfWhenRunning(LibC.SIGTERM(), "TERM");

        runWithSignalHandlers();

        assertThat(reactor.exitSignal()).isEqualTo(15);
        assertThat(events).containsExactly("handler installed=true", "before shutdown", "during shutdown",
                "after shutdown");
        assertThat(guardHits).hasValue(0);
        assertThat(current(TERM)).as("the handler run() replaced is back").isSameAs(guard);
        assertThat(current(INT)).isSameAs(guard);
    }

    @Test
    void sigintStopsTheReactorToo() {
        assumeHandleable(INT);
        sendToSelfWhenRunning(LibC.SIGINT(), "INT");

        runWithSignalHandlers();

        assertThat(reactor.exitSignal()).isEqualTo(2);
        assertThat(events).containsExactly("handler installed=true", "before shutdown", "during shutdown",
                "after shutdown");
        assertThat(guardHits).hasValue(0);
        assertThat(current(TERM)).isSameAs(guard);
        assertThat(current(INT)).isSameAs(guard);
    }

    @Test
    void handlersAreInstalledDuringStartupAndRemovedByCrash() {
        assumeHandleable(TERM);
        assumeHandleable(INT);
        reactor.addSystemEventTrigger("before", "startup", () -> events.add("before: " + (current(TERM) != guard)));
        reactor.addSystemEventTrigger("after", "startup", () -> events.add("after: " + (current(TERM) != guard)));
        reactor.callWhenRunning(reactor::crash);

        runWithSignalHandlers();

        assertThat(events).containsExactly("before: false", "after: true");
        assertThat(current(TERM)).isSameAs(guard);
        assertThat(current(INT)).isSameAs(guard);
        assertThat(reactor.exitSignal()).isZero();
    }

    @Test
    void runWithoutSignalHandlersInstallsNone() {
        assumeHandleable(TERM);
        assumeHandleable(INT);
        // No signal is sent here: with no handler of the reactor's, the guard would get it.
        reactor.callWhenRunning(() -> {
            events.add("TERM is guard=" + (current(TERM) == guard) + ", INT is guard=" + (current(INT) == guard));
            reactor.stop();
        });

        Reactors.run(reactor);

        assertThat(events).containsExactly("TERM is guard=true, INT is guard=true");
        assertThat(reactor.exitSignal()).isZero();
    }
}
