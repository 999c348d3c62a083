package dev.twine.internet.interfaces;

/** One resolution in progress: Twisted's {@code IHostResolution}. */
public interface IHostResolution {
    /** The name being resolved. */
    String name();

    /** Stops the resolution; the receiver gets no further addresses. */
    default void cancel() {
    }
}
