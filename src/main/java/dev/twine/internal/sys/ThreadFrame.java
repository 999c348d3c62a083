package dev.twine.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Native memory each thread needs to make system calls: the errno capture slot and a small scratch area for
 * out-parameters (an {@code int[2]} of fds, one {@code epoll_event}, a {@code sockaddr_storage}, a {@code msghdr}),
 * and an {@code iovec} array of {@link IoVec#MAX} entries for gathered writes, so no call allocates. Owned by an
 * automatic arena: a thread's frame is freed once the thread is gone and the frame unreachable.
 */
final class ThreadFrame {
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final long SCRATCH_BYTES = 256;
    private static final ThreadLocal<ThreadFrame> FRAMES = ThreadLocal.withInitial(ThreadFrame::new);

    final MemorySegment errnoState;
    final MemorySegment scratch;
    /** {@link IoVec#MAX} {@code struct iovec}s; allocated with the frame so a first write never grows it. */
    final MemorySegment iovecs;
    private final Arena arena = Arena.ofAuto();
    /** Native copy space for heap arrays on JDKs where critical handles cannot take heap segments. */
    private MemorySegment bounce = MemorySegment.NULL;

    private ThreadFrame() {
        errnoState = arena.allocate(Linker.Option.captureStateLayout());
        scratch = arena.allocate(SCRATCH_BYTES, 16);
        iovecs = arena.allocate(IoVec.SIZE * IoVec.MAX, 16);
    }

    static ThreadFrame current() {
        return FRAMES.get();
    }

    int errno() {
        return (int) ERRNO.get(errnoState, 0L);
    }

    MemorySegment bounce(long size) {
        if (bounce.byteSize() < size) {
            bounce = arena.allocate(Math.max(size, 64 * 1024), 16);
        }
        return bounce;
    }

    /**
     * {@code array[offset, offset + length)} as a segment a call may read: the array itself where critical handles
     * take heap memory, else a copy in this thread's native bounce area.
     */
    MemorySegment outgoing(byte[] array, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, array.length);
        if (Handles.CRITICAL_CAPTURE) {
            return MemorySegment.ofArray(array).asSlice(offset, length);
        }
        MemorySegment copy = bounce(length).asSlice(0, length);
        MemorySegment.copy(array, offset, copy, ValueLayout.JAVA_BYTE, 0, length);
        return copy;
    }

    /**
     * A segment a call may fill for {@code array[offset, offset + length)}: the array itself where critical handles
     * take heap memory, else the bounce area, whose first {@code n} bytes {@link #landed} then copies back.
     */
    MemorySegment incoming(byte[] array, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, array.length);
        return Handles.CRITICAL_CAPTURE ? MemorySegment.ofArray(array).asSlice(offset, length)
                : bounce(length).asSlice(0, length);
    }

    /** Copies the {@code n} bytes a call put into an {@link #incoming} segment to the array, if it was a copy. */
    void landed(MemorySegment incoming, byte[] array, int offset, long n) {
        if (!Handles.CRITICAL_CAPTURE && n > 0) {
            MemorySegment.copy(incoming, ValueLayout.JAVA_BYTE, 0, array, offset, (int) n);
        }
    }

    int scratchInt(long index) {
        return scratch.getAtIndex(ValueLayout.JAVA_INT, index);
    }
}
