package dev.twine.internet.interfaces;

/** A descriptor that is both read and written: Twisted's {@code IReadWriteDescriptor}. */
public interface IReadWriteDescriptor extends IReadDescriptor, IWriteDescriptor {
}
