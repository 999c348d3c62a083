package dev.twine.internet.base;

/**
 * Where a reactor is in its life: one value in place of Twisted's {@code _started}, {@code _stopped},
 * {@code _justStopped}, {@code _startedBefore} and {@code running}, whose docstring asks for an explicit state
 * machine. The transitions keep Twisted's rules:
 *
 * <pre>
 * NEW --run--> STARTING --"during startup"--> RUNNING --stop--> STOPPING --end of pass--> SHUTTING_DOWN
 *                 |    \--stop--> STOPPING                                       (shutdown fires)   |
 *                 |                                                                      "during shutdown": crash
 *                 \--crash--> CRASHED <--crash-- RUNNING                                           v
 * CRASHED --run--> STARTING (a crash may be followed by a new run)                               STOPPED
 * CRASHED --stop--> HALTED,  STOPPING --crash--> HALTED --next pass--> STOPPED (shutdown fires)
 * </pre>
 *
 * A reactor that was stopped never runs again.
 */
enum ReactorState {
    /** Made, never run (or crashed before it ran, which changes nothing). */
    NEW(false, false, true, true),
    /** {@code run} was called and the startup event's "before" phase runs: not running yet. */
    STARTING(true, false, false, true),
    /** The startup event reached its "during" phase: running. */
    RUNNING(true, true, false, true),
    /** {@code stop} was called: the shutdown event fires at the end of this pass. */
    STOPPING(true, true, true, false),
    /** The shutdown event fires (its "before" triggers may wait on Deferreds); its "during" phase crashes the loop. */
    SHUTTING_DOWN(true, true, true, false),
    /** Crashed without a stop: not running, and {@code run} may start it again. */
    CRASHED(false, false, false, true),
    /** Stopped while not looping (stopped after a crash, or crashed while stopping): shutdown fires next pass. */
    HALTED(false, false, true, false),
    /** Stopped and shut down: it never runs again. */
    STOPPED(false, false, true, false);

    /** The main loop goes on: Twisted's {@code _started}. */
    final boolean looping;
    /** {@code running()} answers true. */
    final boolean running;
    /** {@code stop} raises ReactorNotRunning: Twisted's {@code _stopped}. */
    final boolean stopped;
    /** {@code run} may start it (now or once it is no longer looping): not Twisted's {@code _startedBefore}. */
    final boolean restartable;

    ReactorState(boolean looping, boolean running, boolean stopped, boolean restartable) {
        this.looping = looping;
        this.running = running;
        this.stopped = stopped;
        this.restartable = restartable;
    }

    /** The shutdown event is due at the end of this pass: Twisted's {@code _justStopped}. */
    boolean shutdownDue() {
        return this == STOPPING || this == HALTED;
    }

    /** After {@code stop()}, which only a state that is not {@link #stopped} allows. */
    ReactorState afterStop() {
        return looping ? STOPPING : HALTED;
    }

    /** After {@code crash()}: the loop ends, whatever the state. */
    ReactorState afterCrash() {
        return switch (this) {
            case STARTING, RUNNING -> CRASHED;
            case STOPPING -> HALTED;
            case SHUTTING_DOWN -> STOPPED;
            default -> this;
        };
    }

    /** Once the shutdown that was due has been set off. */
    ReactorState afterShutdownFired() {
        return looping ? SHUTTING_DOWN : STOPPED;
    }
}
