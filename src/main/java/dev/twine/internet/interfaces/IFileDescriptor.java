package dev.twine.internet.interfaces;

import dev.twine.python.Failure;

/** Something with a file descriptor that the reactor can watch: Twisted's {@code IFileDescriptor}. */
public interface IFileDescriptor {
    /** The descriptor's number, or -1 once it has been closed. */
    int fileno();

    /** Called once the reactor stopped watching this descriptor because its connection ended. */
    void connectionLost(Failure reason);

    /** A short name for log lines about this descriptor. */
    default String logPrefix() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }
}
