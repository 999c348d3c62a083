package dev.twine.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shared arena that counts the bytes it holds and itself among the arenas not yet closed, so tests can prove that
 * closing a reactor gives back all of its native memory and closes every arena it opened: the JDK's own counters
 * see only some kinds of arena.
 */
public final class TrackedArena implements Arena {
    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final AtomicLong LIVE_ARENAS = new AtomicLong();

    private final Arena delegate = Arena.ofShared();
    private final AtomicLong held = new AtomicLong();

    private TrackedArena() {
        LIVE_ARENAS.incrementAndGet();
    }

    /** A new shared arena, closable from any thread. */
    public static TrackedArena ofShared() {
        return new TrackedArena();
    }

    /** Tracked arenas opened and not yet closed. */
    public static long liveArenas() {
        return LIVE_ARENAS.get();
    }

    /** Bytes held now by all tracked arenas not yet closed, and by {@link NativeMemory} blocks not yet freed. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /** Counts a {@link NativeMemory} block as an open arena of {@code bytes}, or (negative) its release. */
    static void countBlock(long bytes) {
        LIVE_BYTES.addAndGet(bytes);
        LIVE_ARENAS.addAndGet(Long.signum(bytes));
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        MemorySegment segment = delegate.allocate(byteSize, byteAlignment);
        held.addAndGet(byteSize);
        LIVE_BYTES.addAndGet(byteSize);
        return segment;
    }

    @Override
    public MemorySegment.Scope scope() {
        return delegate.scope();
    }

    @Override
    public void close() {
        delegate.close();
        LIVE_ARENAS.decrementAndGet();
        LIVE_BYTES.addAndGet(-held.getAndSet(0));
    }
}
