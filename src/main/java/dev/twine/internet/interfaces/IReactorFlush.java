package dev.twine.internet.interfaces;

/**
 * Coalescing writes per reactor pass: a transport that queues data asks once to be flushed, and the reactor calls
 * it after the pass's events and timed calls, before it next waits for I/O, so many small writes become one
 * {@code writev}.
 */
public interface IReactorFlush {
    /** Calls {@code flushable.flush()} at the end of this pass (once, however often it is asked). */
    void flushAtEndOfPass(IFlushable flushable);
}
