package dev.twine.internet.interfaces;

import dev.twine.python.Failure;

/** A descriptor whose read and write sides close separately: Twisted's {@code IHalfCloseableDescriptor}. */
public interface IHalfCloseableDescriptor {
    /** The write side was closed. */
    void writeConnectionLost(Failure reason);

    /** The read side was closed cleanly; the write side may go on. */
    void readConnectionLost(Failure reason);
}
