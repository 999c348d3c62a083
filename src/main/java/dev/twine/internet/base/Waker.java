package dev.twine.internet.base;

import dev.twine.internet.interfaces.IReadDescriptor;

/**
 * Wakes a reactor that sleeps waiting for I/O, from any thread: Twisted's {@code _IWaker}. The reactor watches
 * it as an internal reader, so {@code removeAll} leaves it in place.
 */
public interface Waker extends IReadDescriptor, AutoCloseable {
    /** Makes the reactor's next (or current) wait for I/O return at once. Safe from any thread. */
    void wakeUp();

    /** Releases the waker's descriptors. */
    @Override
    void close();
}
