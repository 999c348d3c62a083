package dev.twine.internet.abstracts;

import dev.twine.internal.sys.NativeMemory;
import java.lang.foreign.MemorySegment;

/**
 * A piece of native memory in a write queue: the bytes in {@code [start, end)} wait to be sent. Native so that a
 * whole queue can go to the kernel in one gathered write; each chunk is its own malloc'd block, not zeroed (the
 * write that takes it fills it) and freed on its own, so the pool can give back the ones it does not keep.
 */
final class Chunk {
    final int capacity;
    final long address;
    final MemorySegment segment;
    int start;
    int end;
    Chunk next;
    private boolean freed;

    Chunk(int capacity) {
        this.capacity = capacity;
        segment = NativeMemory.allocate(capacity);
        address = segment.address();
    }

    int room() {
        return capacity - end;
    }

    int length() {
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
