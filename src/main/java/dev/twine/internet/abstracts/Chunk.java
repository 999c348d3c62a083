package dev.twine.internet.abstracts;

import dev.twine.internal.sys.TrackedArena;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A piece of native memory in a write queue: the bytes in {@code [start, end)} wait to be sent. Native so that a
 * whole queue can go to the kernel in one gathered write; each chunk has its own arena so the pool can give back
 * the ones it does not keep.
 */
final class Chunk {
    final int capacity;
    final long address;
    final MemorySegment segment;
    private final Arena arena;
    int start;
    int end;
    Chunk next;

    Chunk(int capacity) {
        this.capacity = capacity;
        arena = TrackedArena.ofShared();
        segment = arena.allocate(capacity, 16);
        address = segment.address();
    }

    int room() {
        return capacity - end;
    }

    int length() {
        return end - start;
    }

    void close() {
        arena.close();
    }
}
