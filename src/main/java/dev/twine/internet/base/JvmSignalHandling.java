package dev.twine.internet.base;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM handlers through the JVM's own signal dispatch ({@code sun.misc.Signal}): the JVM owns the
 * process's native handlers, so a library may only swap the Java-level handler, and must put the old one back.
 * Handlers run on the JVM's signal thread and only hand the signal over to the reactor.
 */
final class JvmSignalHandling implements SignalHandling {
    private static final System.Logger LOG = System.getLogger("dev.twine.reactor");

    private final Map<String, IntConsumer> actions = new LinkedHashMap<>();
    private final Map<Signal, SignalHandler> replaced = new LinkedHashMap<>();

    JvmSignalHandling(IntConsumer onInterrupt, IntConsumer onTerminate) {
        actions.put("INT", onInterrupt);
        actions.put("TERM", onTerminate);
    }

    @Override
    public synchronized void install() {
        if (!replaced.isEmpty()) {
            return;
        }
        actions.forEach((name, action) -> {
            Signal signal = new Signal(name);
            try {
                replaced.put(signal, Signal.handle(signal, s -> action.accept(s.getNumber())));
            } catch (IllegalArgumentException refused) {
                // -Xrs, or a signal the JVM reserves: run without that handler rather than fail to start.
                LOG.log(Level.WARNING, "cannot handle SIG" + name + ": " + refused.getMessage());
            }
        });
    }

    @Override
    public synchronized void uninstall() {
        replaced.forEach(Signal::handle);
        replaced.clear();
    }
}
