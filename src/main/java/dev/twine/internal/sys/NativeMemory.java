package dev.twine.internal.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Native blocks from {@code malloc}, for write queues: unlike an arena's memory they are not zeroed first (a write
 * fills them at once, so zeroing would be a second pass over every byte of a large write), and freeing one is a
 * call, not the thread handshake that closing a shared arena costs. Counted with {@link TrackedArena}'s figures, so
 * tests see a block that was never freed. The owner frees each block exactly once and never touches it after.
 */
public final class NativeMemory {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = LINKER.downcallHandle(Handles.libc("malloc"),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Linker.Option.critical(false));
    private static final MethodHandle FREE = LINKER.downcallHandle(Handles.libc("free"),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), Linker.Option.critical(false));

    private NativeMemory() {
    }

    /**
     * An uninitialised block of {@code size} bytes (16-byte aligned, as malloc's are on x86-64 and aarch64).
     *
     * @throws OutOfMemoryError if malloc fails
     */
    public static MemorySegment allocate(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, was " + size);
        }
        MemorySegment block;
        try {
            block = (MemorySegment) MALLOC.invokeExact(size);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        if (block.address() == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        TrackedArena.countBlock(size);
        return block.reinterpret(size);
    }

    /** Gives back a block from {@link #allocate}; the segment must not be used again. */
    public static void free(MemorySegment block) {
        try {
            FREE.invokeExact(block);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        TrackedArena.countBlock(-block.byteSize());
    }
}
