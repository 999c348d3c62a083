package dev.twine.internet.interfaces;

import java.util.List;

/**
 * Watching file descriptors for readiness: Twisted's {@code IReactorFDSet}. Only the reactor thread may call
 * these; other threads go through {@link IReactorFromThreads#callFromThread}.
 */
public interface IReactorFDSet {
    void addReader(IReadDescriptor reader);

    void addWriter(IWriteDescriptor writer);

    void removeReader(IReadDescriptor reader);

    void removeWriter(IWriteDescriptor writer);

    /** Removes every reader and writer except the reactor's own, and returns them. */
    List<IFileDescriptor> removeAll();

    List<IReadDescriptor> getReaders();

    List<IWriteDescriptor> getWriters();
}
