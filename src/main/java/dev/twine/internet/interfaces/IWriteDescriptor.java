package dev.twine.internet.interfaces;

/** A descriptor the reactor writes to: Twisted's {@code IWriteDescriptor}. */
public interface IWriteDescriptor extends IFileDescriptor {
    /** Called when the descriptor is writable; returns {@code null} or the reason the connection ended. */
    Throwable doWrite();
}
