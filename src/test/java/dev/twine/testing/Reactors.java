package dev.twine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.base.ReactorBase;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IListeningPort;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Running a reactor in a test without risking a hang. */
public final class Reactors {
    /** How long any one reactor run in a test may last before the watchdog crashes it. */
    public static final double WATCHDOG_SECONDS = 15;

    private Reactors() {
    }

    /**
     * {@code reactor.run(false)}, with a watchdog that crashes it after {@link #WATCHDOG_SECONDS}; fails if the
     * watchdog had to. Call from the thread that created the reactor, before it runs.
     */
    public static void run(ReactorBase reactor) {
        boolean[] fired = {false};
        IDelayedCall watchdog = reactor.callLater(WATCHDOG_SECONDS, () -> {
            fired[0] = true;
            reactor.crash();
        });
        reactor.run(false);
        if (watchdog.active()) {
            watchdog.cancel();
        }
        assertThat(fired[0]).as("the reactor had to be stopped by the test's watchdog").isFalse();
    }

    /** Iterates {@code reactor} (not running) until {@code done}, failing after a few seconds. */
    public static void iterateUntil(ReactorBase reactor, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition not met in time").isNegative();
            reactor.iterate(0.05);
        }
    }

    /**
     * Iterates {@code reactor} (not running) in steps of 10 ms until {@code done}; fails after {@code seconds}. For
     * tests whose peers run on threads of their own, which the reactor must keep serving meanwhile.
     */
    public static void iterateUntil(ReactorBase reactor, int seconds, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            reactor.iterate(0.01);
        }
    }

    /** Stops {@code port} listening and iterates {@code reactor} until it has, for at most 30 s. */
    public static void stopListening(ReactorBase reactor, IListeningPort port) {
        boolean[] stopped = {false};
        port.stopListening().addCallback(v -> {
            stopped[0] = true;
            return v;
        });
        iterateUntil(reactor, 30, () -> stopped[0]);
    }
}
