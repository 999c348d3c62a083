package dev.twine.internet.interfaces;

import dev.twine.internet.defer.Deferred;
import java.util.function.Supplier;

/**
 * The reactor's life cycle and system events: Twisted's {@code IReactorCore}.
 *
 * <p>System events ({@code "startup"}, {@code "shutdown"}, or any name) have three phases, {@code "before"},
 * {@code "during"} and {@code "after"}; a {@code before} trigger that returns a {@link Deferred} holds the
 * {@code during} phase back until that Deferred fires.
 */
public interface IReactorCore {
    /** True from the {@code during startup} phase until {@link #stop()} or {@link #crash()}. */
    boolean running();

    /** Fires the startup triggers and runs the main loop on the calling thread until stop or crash. */
    void run();

    /** Stops the main loop after the shutdown triggers have run; raises {@code ReactorNotRunning} if not running. */
    void stop();

    /** Stops the main loop at once, without shutdown triggers; the reactor may be run again. */
    void crash();

    /** Runs one pass of the main loop, waiting at most {@code delaySeconds} for I/O. */
    void iterate(double delaySeconds);

    /** Fires the triggers of {@code eventType} through its three phases. */
    void fireSystemEvent(String eventType);

    /** Adds a trigger; {@code phase} is {@code "before"}, {@code "during"} or {@code "after"}. */
    TriggerId addSystemEventTrigger(String phase, String eventType, Runnable trigger);

    /** Adds a trigger whose Deferred result (in the {@code before} phase) delays the later phases. */
    TriggerId addSystemEventTrigger(String phase, String eventType, Supplier<? extends Deferred<?>> trigger);

    /** Removes a trigger; raises {@code IllegalArgumentException} for an unknown or already removed ID. */
    void removeSystemEventTrigger(TriggerId triggerId);

    /**
     * Runs {@code callable} when the reactor is running: now if it already is, else in the {@code after startup}
     * phase. Returns the trigger's ID, or {@code null} when it ran at once.
     */
    TriggerId callWhenRunning(Runnable callable);

    /** Resolves {@code name} to an IP address string without blocking the reactor thread; literals resolve at once. */
    default Deferred<String> resolve(String name) {
        return resolve(name, 1, 3, 11, 45);
    }

    /** {@link #resolve(String)} with Twisted's retry timeouts, in seconds. */
    Deferred<String> resolve(String name, int... timeouts);
}
