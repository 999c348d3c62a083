package dev.twine.internet.interfaces;

/** A sink for data that paces its producer: Twisted's {@code IConsumer}. */
public interface IConsumer {
    /**
     * Registers {@code producer}: an {@link IPushProducer} when {@code streaming} (paused and resumed as the buffer
     * fills and drains), an {@link IPullProducer} otherwise (asked for more each time the buffer empties).
     *
     * @throws IllegalStateException if a producer is already registered
     */
    void registerProducer(IProducer producer, boolean streaming);

    /** Forgets the registered producer. */
    void unregisterProducer();

    /** Queues {@code data} for writing. */
    void write(byte[] data);
}
