package dev.twine.internet.interfaces;

/** A UNIX stream connection's transport: Twisted's {@code IUNIXTransport}. */
public interface IUNIXTransport extends ITransport {
    /**
     * Sends a duplicate of descriptor {@code fd} to the peer ({@code SCM_RIGHTS}) with the next byte written: each
     * descriptor travels with one byte of the data written after it is queued, so write at least one byte per
     * descriptor (as Twisted requires). The transport takes its own duplicate at once, so the caller may close
     * {@code fd} when this returns; descriptors still queued when the connection ends are closed. Like a write, it
     * is dropped on a connection that is closed or closing.
     *
     * @throws dev.twine.internet.error.ErrnoException if {@code fd} is not an open descriptor
     */
    void sendFileDescriptor(int fd);
}
