package dev.twine.internet.host;

/** Something with writes queued during a reactor pass, to send in one go when the pass ends. */
public interface IFlushable {
    /** Sends what was queued during the pass. */
    void flush();
}
