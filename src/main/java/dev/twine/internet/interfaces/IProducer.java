package dev.twine.internet.interfaces;

/** A source of data for a consumer: Twisted's {@code IProducer}. */
public interface IProducer {
    /** Stops producing for good: the consumer is gone. */
    void stopProducing();
}
