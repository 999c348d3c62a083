package dev.twine.internet.host;

/**
 * The memory the transports of one reactor share, so that a busy reactor allocates nothing per event: one read
 * buffer (only one descriptor is read at a time on a reactor's thread) and a pool of native write chunks. Only the
 * reactor's thread may use it, like everything else of the reactor's.
 *
 * <p>The reactor owns it ({@link TransportHost#buffers()}): made with the reactor, and
 * closed by the reactor's {@code close()}, which frees the idle chunks; a chunk given back after that is freed at
 * once.
 */
public final class ReactorBuffers {
    /** Size of the shared read buffer: Twisted's {@code bufferSize} for a socket read. */
    public static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Size of a pooled write chunk. */
    static final int CHUNK_SIZE = 16 * 1024;
    /** Writes at least this big get a chunk of their own, closed once sent, instead of hundreds of pooled ones. */
    public static final int LARGE_WRITE = 1024 * 1024;
    /** Idle chunks kept for reuse (4 MiB); beyond that a returned chunk is closed. */
    private static final int MAX_FREE = 256;

    private final byte[] readBuffer = new byte[READ_BUFFER_SIZE];
    /** A read-only view of {@link #readBuffer}, reused for every {@code IBufferProtocol} delivery. */
    private final java.nio.ByteBuffer readView = java.nio.ByteBuffer.wrap(readBuffer).asReadOnlyBuffer();
    private final Chunk[] free = new Chunk[MAX_FREE];
    private int freeCount;
    private boolean closed;
    private long chunksAllocated;

    /** Buffers for one reactor, which closes them when it closes. */
    public ReactorBuffers() {
    }

    /** The read buffer: valid until the next read on this reactor, so a reader copies out what it keeps. */
    public byte[] readBuffer() {
        return readBuffer;
    }

    /** The read buffer's first {@code length} bytes as a read-only view, valid until the next read. */
    public java.nio.ByteBuffer readView(int length) {
        readView.limit(length).position(0);
        return readView;
    }

    /** Frees the idle chunks; chunks given back later are freed at once. For the reactor's {@code close()}. */
    public void close() {
        closed = true;
        while (freeCount > 0) {
            Chunk c = free[--freeCount];
            free[freeCount] = null;
            c.close();
        }
    }

    /** Chunks allocated so far (a pool that works allocates few). */
    public long chunksAllocated() {
        return chunksAllocated;
    }

    /** Idle chunks held for reuse. */
    public int idleChunks() {
        return freeCount;
    }

    /** An empty pooled chunk. */
    public Chunk take() {
        if (freeCount > 0) {
            Chunk c = free[--freeCount];
            free[freeCount] = null;
            return c;
        }
        chunksAllocated++;
        return new Chunk(CHUNK_SIZE);
    }

    /** An empty chunk of exactly {@code size} bytes for one large write, not pooled. */
    public Chunk takeLarge(int size) {
        chunksAllocated++;
        return new Chunk(size);
    }

    /** Takes back a chunk whose bytes were sent or dropped. */
    public void give(Chunk c) {
        c.start = 0;
        c.end = 0;
        c.next = null;
        if (c.capacity == CHUNK_SIZE && freeCount < MAX_FREE && !closed) {
            free[freeCount++] = c;
        } else {
            c.close();
        }
    }
}
