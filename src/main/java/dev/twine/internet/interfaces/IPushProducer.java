package dev.twine.internet.interfaces;

/** A producer that writes on its own until paused (streaming): Twisted's {@code IPushProducer}. */
public interface IPushProducer extends IProducer {
    /** The consumer's buffer is full: stop writing until {@link #resumeProducing()}. */
    void pauseProducing();

    /** The consumer can take more again. */
    void resumeProducing();
}
