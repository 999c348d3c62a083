package dev.twine.internet.interfaces;

import java.nio.ByteBuffer;

/**
 * A protocol that reads received bytes in place instead of being handed a copy: the transport calls
 * {@link #bufferReceived} in place of {@link IProtocol#dataReceived}, with a read-only view of the reactor's read
 * buffer. The view is valid only during the call (the next read reuses the memory), so a protocol that needs the
 * bytes later copies what it needs. This makes the steady-state read path allocate nothing at all.
 */
public interface IBufferProtocol extends IProtocol {
    /** Bytes arrived: those between the view's position and limit, readable until this call returns. */
    void bufferReceived(ByteBuffer data);

    /** Not called by transports for this protocol; copies and delegates for callers that have a plain array. */
    @Override
    default void dataReceived(byte[] data) {
        bufferReceived(ByteBuffer.wrap(data).asReadOnlyBuffer());
    }
}
