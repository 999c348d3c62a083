package dev.twine.internet.host;

import dev.twine.internal.sys.NativeMemory;
import java.lang.foreign.MemorySegment;

/**
 * A piece of native memory in a write queue: the bytes in {@code [start, end)} wait to be sent. Native so that a
 * whole queue can go to the kernel in one gathered write; each chunk is its own malloc'd block, not zeroed (the
 * write that takes it fills it) and freed on its own, so the pool can give back the ones it does not keep.
 *
 * <p>Its fields are open to the write queue of {@code abstracts.FileDescriptor}, which links, fills and drains
 * chunks on the hot path; the pool that makes them ({@link ReactorBuffers}) lives here, with the reactor that owns
 * it, so that the reactor core's packages depend one way only ({@code abstracts} on {@code host}).
 */
public final class Chunk {
    /** Bytes the block holds. */
    public final int capacity;
    /** The block's native address, for gathered writes. */
    public final long address;
    /** The block. */
    public final MemorySegment segment;
    /** Offset of the first byte still to send. */
    public int start;
    /** Offset just past the last byte queued. */
    public int end;
    /** The next chunk in its write queue, or null. */
    public Chunk next;
    private boolean freed;

    Chunk(int capacity) {
        this.capacity = capacity;
        segment = NativeMemory.allocate(capacity);
        address = segment.address();
    }

    /** Bytes that can still be appended. */
    public int room() {
        return capacity - end;
    }

    /** Bytes queued and not yet sent. */
    public int length() {
        return end - start;
    }

    /** Frees the block (once: a second free would corrupt the native heap, so it is refused). */
    void close() {
        if (freed) {
            throw new IllegalStateException("write chunk freed twice");
        }
        freed = true;
        NativeMemory.free(segment);
    }
}
