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

    /** How long {@link #iterateUntil(ReactorBase, BooleanSupplier)} waits for its condition. */
    public static final double ITERATE_UNTIL_SECONDS = 10;

    /**
     * The longest one pass of {@link #iterateUntil} may sleep when nothing happens: short, so a condition that turns
     * true off the reactor's thread (a peer on a thread of its own, a child process) is seen promptly.
     */
    private static final double STEP_SECONDS = 0.01;

    /** {@link #iterateUntil(ReactorBase, double, BooleanSupplier)} for {@link #ITERATE_UNTIL_SECONDS}. */
    public static void iterateUntil(ReactorBase reactor, BooleanSupplier done) {
        iterateUntil(reactor, ITERATE_UNTIL_SECONDS, done);
    }

    /**
     * Iterates {@code reactor} (not running) in steps of at most 10 ms until {@code done}; fails with "condition not
     * met within {@code seconds} s" once that much time has passed. Call from the thread that created the reactor.
     */
    public static void iterateUntil(ReactorBase reactor, double seconds, BooleanSupplier done) {
        long deadline = System.nanoTime() + (long) (seconds * TimeUnit.SECONDS.toNanos(1));
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + secondsText(seconds) + " s");
            }
            reactor.iterate(STEP_SECONDS);
        }
    }

    /**
     * A few passes of {@code reactor} with nothing to wait for: lets calls scheduled for "the next pass" run and
     * transports just disconnected finish closing.
     */
    public static void settle(ReactorBase reactor) {
        for (int i = 0; i < 5; i++) {
            reactor.iterate(0);
        }
    }

    private static String secondsText(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
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
