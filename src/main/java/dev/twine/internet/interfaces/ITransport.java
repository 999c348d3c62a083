package dev.twine.internet.interfaces;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A connection's transport, as its protocol sees it: Twisted's {@code ITransport}. Writes never block: data is
 * queued and sent as the kernel takes it.
 */
public interface ITransport extends IConsumer {
    /** Queues the bytes of {@code data} (copied) for writing. */
    @Override
    void write(byte[] data);

    /** Queues {@code data}'s remaining bytes (copied; the buffer's position is not moved). */
    void write(ByteBuffer data);

    /** Queues each of {@code data} in order, as one write. */
    void writeSequence(List<byte[]> data);

    /** Closes the connection once everything written has been sent. */
    void loseConnection();

    /** The address of the other end. */
    IAddress getPeer();

    /** The address of this end. */
    IAddress getHost();
}
