package dev.twine.internet.interfaces;

/** Identifies a system event trigger for {@link IReactorCore#removeSystemEventTrigger}. */
public interface TriggerId {
    /** The phase the trigger was added to. */
    String phase();

    /** The system event the trigger belongs to. */
    String eventType();
}
