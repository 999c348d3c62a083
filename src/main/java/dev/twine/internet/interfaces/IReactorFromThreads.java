package dev.twine.internet.interfaces;

/** Handing work to the reactor thread from any thread: Twisted's {@code IReactorFromThreads}. */
public interface IReactorFromThreads {
    /**
     * Runs {@code callable} on the reactor thread at its next pass, waking it if it sleeps. Safe from any thread;
     * calls from one thread run in the order they were made.
     */
    void callFromThread(Runnable callable);

    /**
     * Whether the calling thread is the one running this reactor (Twisted's {@code threadable.isInIOThread}), so
     * helpers that block until the reactor has run something can refuse to deadlock. False when unknown.
     */
    default boolean isInIOThread() {
        return false;
    }
}
