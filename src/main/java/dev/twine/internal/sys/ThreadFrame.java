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

    int scratchInt(long index) {
        return scratch.getAtIndex(ValueLayout.JAVA_INT, index);
    }
}
