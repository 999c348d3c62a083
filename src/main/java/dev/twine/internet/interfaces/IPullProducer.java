package dev.twine.internet.interfaces;

/** A producer that writes one piece each time it is asked (non-streaming): Twisted's {@code IPullProducer}. */
public interface IPullProducer extends IProducer {
    /** Writes one piece of data to the consumer now. */
    void resumeProducing();
}
