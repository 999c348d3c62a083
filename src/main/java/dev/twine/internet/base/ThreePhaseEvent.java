package dev.twine.internet.base;

import dev.twine.internal.sys.SafeLog;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.interfaces.TriggerId;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One system event's triggers in their three phases: Twisted's {@code base._ThreePhaseEvent}. Each trigger runs
 * once; an exception is logged and the rest still run; Deferreds returned in the {@code before} phase hold back
 * {@code during} and {@code after} until they have all fired.
 */
final class ThreePhaseEvent {
    private static final System.Logger LOG = System.getLogger("dev.twine.reactor");

    /** A registered trigger; also its removal handle. */
    record Trigger(String phase, String eventType, Supplier<?> body) implements TriggerId {
    }

    private final String eventType;
    private final List<Trigger> before = new ArrayList<>();
    private final List<Trigger> during = new ArrayList<>();
    private final List<Trigger> after = new ArrayList<>();
    /** The {@code before} triggers that already ran in the firing under way (null when not firing). */
    private List<Trigger> finishedBefore;

    ThreePhaseEvent(String eventType) {
        this.eventType = eventType;
    }

    static void checkPhase(String phase) {
        if (!"before".equals(phase) && !"during".equals(phase) && !"after".equals(phase)) {
            throw new IllegalArgumentException(
                    "phase must be \"before\", \"during\" or \"after\", was " + (phase == null ? "null" : '"' + phase + '"'));
        }
    }

    Trigger add(String phase, Supplier<?> body) {
        checkPhase(phase);
        Trigger trigger = new Trigger(phase, eventType, body);
        phaseList(phase).add(trigger);
        return trigger;
    }

    boolean remove(Trigger trigger) {
        if (finishedBefore != null && finishedBefore.contains(trigger)) {
            // Twisted warns and ignores removal of a before-trigger that already ran during this firing.
            LOG.log(Level.WARNING, "removing a system event trigger that already fired: " + trigger);
            return true;
        }
        return phaseList(trigger.phase()).remove(trigger);
    }

    private List<Trigger> phaseList(String phase) {
        return switch (phase) {
            case "before" -> before;
            case "during" -> during;
            default -> after;
        };
    }

    boolean isEmpty() {
        return before.isEmpty() && during.isEmpty() && after.isEmpty() && finishedBefore == null;
    }

    void fire() {
        finishedBefore = new ArrayList<>();
        List<Deferred<?>> waits = new ArrayList<>();
        while (!before.isEmpty()) {
            Trigger trigger = before.remove(0);
            finishedBefore.add(trigger);
            Object result = runLogged(trigger);
            if (result instanceof Deferred<?> d) {
                waits.add(d);
            }
        }
        if (waits.isEmpty()) {
            continueFiring();
            return;
        }
        int[] remaining = {waits.size()};
        for (Deferred<?> d : waits) {
            d.addBoth(result -> {
                if (--remaining[0] == 0) {
                    continueFiring();
                }
                return result;
            });
        }
    }

    private void continueFiring() {
        finishedBefore = null;
        for (List<Trigger> phase : List.of(during, after)) {
            while (!phase.isEmpty()) {
                runLogged(phase.remove(0));
            }
        }
    }

    private Object runLogged(Trigger trigger) {
        try {
            return trigger.body().get();
        } catch (Throwable t) {
            SafeLog.log(LOG, Level.ERROR,
                    () -> "Unhandled error in " + trigger.phase() + " " + eventType + " trigger", t);
            return null;
        }
    }
}
