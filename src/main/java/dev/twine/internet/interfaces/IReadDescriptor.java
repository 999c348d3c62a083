package dev.twine.internet.interfaces;

/** A descriptor the reactor reads from: Twisted's {@code IReadDescriptor}. */
public interface IReadDescriptor extends IFileDescriptor {
    /**
     * Called when the descriptor is readable. Returns {@code null} to go on, or the reason the connection ended
     * (for example a {@code ConnectionDone}), after which the reactor disconnects it.
     */
    Throwable doRead();
}
