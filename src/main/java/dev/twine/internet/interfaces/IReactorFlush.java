package dev.twine.internet.interfaces;

/**
 * Coalescing writes per reactor pass: a transport that queues data asks once to be flushed, and the reactor calls
 * it after the pass's events and timed calls, before it next waits for I/O, so many small writes become one
 * {@code writev}.
 */
public interface IReactorFlush {
    /** Calls {@code flushable.flush()} at the end of this pass (once, however often it is asked). */
    void flushAtEndOfPass(IFlushable flushable);

    /**
     * Raises {@link dev.twine.internet.error.ReactorWrongThread} unless the caller may touch this reactor's state
     * now: from its own thread while it runs, from any one thread while it does not. Transports call it first in
     * every method that changes their state, so a call from the wrong thread changes nothing.
     */
    void checkThread(String method);

    /**
     * A transport or port of this reactor's is open: the reactor's {@code close()} disconnects it (with
     * {@link dev.twine.internet.error.ConnectionLost}) if it is still open then, registered for events or not
     * (paused, or stopping), so closing a reactor leaves no descriptor, socket file or lock behind.
     */
    void addOpenDescriptor(IFileDescriptor descriptor);

    /** {@code descriptor} has closed: the reactor's {@code close()} need not. Unknown ones are ignored. */
    void removeOpenDescriptor(IFileDescriptor descriptor);
}
