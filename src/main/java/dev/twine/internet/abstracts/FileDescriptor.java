package dev.twine.internet.abstracts;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.IoVec;
import dev.twine.internal.sys.SafeLog;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ConnectionAborted;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.host.Chunk;
import dev.twine.internet.host.IFlushable;
import dev.twine.internet.host.ReactorBuffers;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IConsumer;
import dev.twine.internet.interfaces.IHalfCloseableDescriptor;
import dev.twine.internet.interfaces.IProducer;
import dev.twine.internet.interfaces.IPullProducer;
import dev.twine.internet.interfaces.IPushProducer;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IReadWriteDescriptor;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The write side every stream transport shares (sockets now; pipes and processes later): Twisted's
 * {@code abstract.FileDescriptor}, with its buffering, producers and ways of closing.
 *
 * <p>Writes are copied into native chunks and sent when the reactor pass ends
 * ({@link TransportHost#flushAtEndOfPass}), in as few gathered writes as the kernel takes, so many
 * small writes of one pass cost one system call. Only when the
 * kernel buffer is full does the descriptor wait for writability, and it stops waiting as soon as the queue is
 * empty: epoll is told about writes only when they would block.
 *
 * <p>A streaming producer is paused while more than {@link #BUFFER_SIZE} bytes wait and resumed when the queue
 * has drained; a pull producer is asked for more each time it drains. The descriptor is itself a push producer of
 * the data it reads: pausing it stops reading.
 *
 * <p>Everything here runs on the reactor's thread.
 *
 * @see TransportHost#flushAtEndOfPass
 */
public abstract class FileDescriptor
        implements IReadWriteDescriptor, IHalfCloseableDescriptor, IConsumer, IPushProducer, IFlushable {
    /** Queued bytes above which a streaming producer is paused: {@link TransportHost#BUFFER_SIZE}. */
    public static final int BUFFER_SIZE = TransportHost.BUFFER_SIZE;

    /** Bytes one drain sends at most before it lets the reactor do other work: a pass does bounded work. */
    static final long DRAIN_BUDGET = 4 * 1024 * 1024;

    protected static final System.Logger LOG = System.getLogger("dev.twine.transport");
    /** A gathered write that failed with this only found the kernel short of memory: try again later. */
    private static final int ENOBUFS = Errno.ENOBUFS;

    protected final IReactor reactor;
    /** What the reactor gives its transports: flushes, the thread check, buffers, the open-descriptor registry. */
    protected final TransportHost transportHost;
    protected final ReactorBuffers buffers;

    /** Set by subclasses once the descriptor carries a connection. */
    protected boolean connected;
    /** {@link #loseConnection()} was called: close once the queue drains. */
    protected boolean disconnecting;
    /** {@link #connectionLost} has run. */
    protected boolean disconnected;
    /** {@link #abortConnection()} was called: the close is coming, nothing more is read or written. */
    protected boolean aborting;
    private boolean writeDisconnecting;
    private boolean writeDisconnected;

    private boolean reading;
    private boolean writing;
    private boolean flushScheduled;
    private boolean registered;

    private IProducer producer;
    private boolean streamingProducer;
    private boolean producerPaused;

    private Chunk head;
    private Chunk tail;
    private long queued;

    /** A descriptor of {@code reactor}'s, open (for its {@code close()}) until {@link #releaseBuffers()}. */
    protected FileDescriptor(IReactor reactor) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.transportHost = TransportHost.of(reactor);
        this.buffers = transportHost.buffers();
        registered = true;
        transportHost.addOpenDescriptor(this);
    }

    // ---------------------------------------------------------------- what subclasses supply

    /**
     * One gathered write of the first {@code count} entries of {@code iov}: the bytes written, or
     * {@link Syscalls#WOULD_BLOCK}. Throws {@link ErrnoException} on failure.
     */
    protected abstract long writeVector(MemorySegment iov, int count);

    /**
     * The queue drained after {@link #loseConnection()}: returns the reason to close with, as Twisted's
     * {@code _postLoseConnection}.
     */
    protected Throwable postLoseConnection() {
        return new ConnectionDone("connection done");
    }

    /** The queue drained after {@link #loseWriteConnection()}: shut the write side. Returns null or a reason. */
    protected Throwable closeWriteConnection() {
        return null;
    }

    // ---------------------------------------------------------------- interest in readiness

    /** Watches for readability (once). */
    protected final void startReading() {
        if (!reading) {
            reactor.addReader(this);
            reading = true;
        }
    }

    /** Stops watching for readability. */
    protected final void stopReading() {
        if (reading) {
            reading = false;
            reactor.removeReader(this);
        }
    }

    /** Watches for writability (once). */
    protected final void startWriting() {
        if (!writing) {
            reactor.addWriter(this);
            writing = true;
        }
    }

    /** Stops watching for writability. */
    protected final void stopWriting() {
        if (writing) {
            writing = false;
            reactor.removeWriter(this);
        }
    }

    /** The reactor removed this reader itself (end of the read side): keep the flag in step with the reactor. */
    protected final void readerRemovedByReactor() {
        reading = false;
    }

    /** Whether this descriptor is registered for reading. */
    public final boolean isReading() {
        return reading;
    }

    /** Whether this descriptor waits for writability (its kernel buffer was full). */
    public final boolean isWriting() {
        return writing;
    }

    // ---------------------------------------------------------------- writing

    /** Bytes queued and not yet taken by the kernel. */
    public final long queuedBytes() {
        return queued;
    }

    /** Queues a copy of {@code data}; ignored once the connection or its write side is closed. */
    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    /** Queues a copy of {@code length} bytes of {@code data} at {@code offset}. */
    public void write(byte[] data, int offset, int length) {
        transportHost.checkThread("write");
        Objects.checkFromIndexSize(offset, length, data.length);
        if (!acceptsWrites() || length == 0) {
            return;
        }
        try {
            append(data, offset, length);
        } finally {
            queued();
        }
    }

    /** Queues a copy of {@code data}'s remaining bytes; its position does not move. */
    public void write(ByteBuffer data) {
        transportHost.checkThread("write");
        int length = data.remaining();
        if (!acceptsWrites() || length == 0) {
            return;
        }
        try {
            if (data.hasArray()) {
                append(data.array(), data.arrayOffset() + data.position(), length);
            } else {
                append(MemorySegment.ofBuffer(data), 0, length);
            }
        } finally {
            queued();
        }
    }

    /** Queues each of {@code data} in order, with one check of the producer. */
    public void writeSequence(List<byte[]> data) {
        transportHost.checkThread("writeSequence");
        if (!acceptsWrites()) {
            return;
        }
        long before = queued;
        try {
            for (byte[] piece : data) {
                append(piece, 0, piece.length);
            }
        } finally {
            if (queued > before) {
                queued();
            }
        }
    }

    private boolean acceptsWrites() {
        return connected && !writeDisconnected && !aborting;
    }

    /**
     * Copies into the tail chunk while it has room, then into new ones; no wrapper object per write. Each piece is
     * counted as it is copied, so a chunk that cannot be allocated (out of native memory) leaves the queue and its
     * count in step.
     */
    private void append(byte[] source, int offset, int length) {
        while (length > 0) {
            Chunk t = roomyTail(length);
            int n = Math.min(length, t.room());
            MemorySegment.copy(source, offset, t.segment, ValueLayout.JAVA_BYTE, t.end, n);
            t.end += n;
            queued += n;
            offset += n;
            length -= n;
        }
    }

    private void append(MemorySegment source, long offset, int length) {
        while (length > 0) {
            Chunk t = roomyTail(length);
            int n = Math.min(length, t.room());
            MemorySegment.copy(source, offset, t.segment, t.end, n);
            t.end += n;
            queued += n;
            offset += n;
            length -= n;
        }
    }

    /** The tail chunk, or a new one when it is full: a chunk of its own for what is left of a large write. */
    private Chunk roomyTail(int length) {
        Chunk t = tail;
        if (t != null && t.room() > 0) {
            return t;
        }
        t = length >= ReactorBuffers.LARGE_WRITE ? buffers.takeLarge(length) : buffers.take();
        if (tail == null) {
            head = t;
        } else {
            tail.next = t;
        }
        tail = t;
        return t;
    }

    /** What follows new bytes in the queue: the producer's pause above the mark, and the end-of-pass flush. */
    private void queued() {
        if (producer != null && streamingProducer && !producerPaused && queued > BUFFER_SIZE) {
            producerPaused = true;
            ((IPushProducer) producer).pauseProducing();
        }
        scheduleFlush();
    }

    /** Asks the reactor for one {@link #flush()} at the end of this pass, unless a write is already waiting. */
    protected final void scheduleFlush() {
        if (!flushScheduled && !writing) {
            // Marked only once the reactor took the request: a refusal must not leave a flush that never comes.
            transportHost.flushAtEndOfPass(this);
            flushScheduled = true;
        }
    }

    /** The end of the reactor pass: sends what was queued during it. */
    @Override
    public void flush() {
        flushScheduled = false;
        if (disconnected || aborting || writing) {
            return;
        }
        Throwable why = drain();
        if (why != null) {
            stopReading();
            stopWriting();
            connectionLost(new Failure(why));
        }
    }

    /** Writable after a full kernel buffer: sends more. */
    @Override
    public Throwable doWrite() {
        if (aborting || disconnected) {
            return null;
        }
        return drain();
    }

    /**
     * Sends until the queue is empty or the kernel takes no more; then, as Twisted's {@code doWrite}, feeds a
     * producer, or finishes a close or half-close asked for earlier.
     */
    private Throwable drain() {
        MemorySegment iov = head != null ? IoVec.threadArray() : null;
        long budget = DRAIN_BUDGET;
        while (head != null) {
            if (budget <= 0) {
                // A reader as fast as we write (or a huge receive window) would keep this loop going for the whole
                // queue, the reactor doing nothing else: the rest goes when epoll next reports the socket writable
                // (at once, level-triggered), that is at the next pass, not in another flush round of this one.
                startWriting();
                return null;
            }
            int count = 0;
            long total = 0;
            for (Chunk c = head; c != null && count < IoVec.MAX && total < budget; c = c.next) {
                int length = (int) Math.min(c.length(), budget - total);
                if (length > 0) {
                    IoVec.set(iov, count++, c.address + c.start, length);
                    total += length;
                }
            }
            long written;
            try {
                written = writeVector(iov, count);
            } catch (ErrnoException e) {
                if (e.errno() == ENOBUFS) {
                    written = Syscalls.WOULD_BLOCK;
                } else {
                    return new ConnectionLost("write failed: " + e.getMessage(), e);
                }
            }
            if (written > 0) {
                consume(written);
                budget -= written;
            }
            if (written < total) {
                startWriting();
                return null;
            }
        }
        stopWriting();
        IProducer p = producer;
        if (p != null && (!streamingProducer || producerPaused)) {
            producerPaused = false;
            resume(p);
            // A pull producer holds a close back until it unregisters, as in Twisted. A streaming one holds it only
            // while it writes: one that wrote nothing on resume (the transport paused as its own producer, say)
            // must not leave a close asked for meanwhile waiting for a flush that never comes.
            if (!streamingProducer || head != null || disconnected || aborting) {
                return null;
            }
        }
        if (disconnecting) {
            return postLoseConnection();
        } else if (writeDisconnecting && !writeDisconnected) {
            // Set first: the protocol told of it may call loseConnection, which looks at it.
            writeDisconnected = true;
            return closeWriteConnection();
        }
        return null;
    }

    private void consume(long written) {
        queued -= written;
        while (written > 0) {
            Chunk c = head;
            int length = c.length();
            if (written >= length) {
                written -= length;
                head = c.next;
                buffers.give(c);
            } else {
                c.start += (int) written;
                written = 0;
            }
        }
        if (head == null) {
            tail = null;
        }
    }

    private void dropQueue() {
        Chunk c = head;
        while (c != null) {
            Chunk next = c.next;
            buffers.give(c);
            c = next;
        }
        head = null;
        tail = null;
        queued = 0;
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes once everything queued is sent (and, with a pull producer, once it is unregistered). Reading stops
     * now; writes made meanwhile are still sent, as in Twisted.
     */
    public void loseConnection() {
        transportHost.checkThread("loseConnection");
        if (!connected || disconnecting) {
            return;
        }
        if (writeDisconnected) {
            // The queue has drained already and no write will come to finish the close.
            stopReading();
            stopWriting();
            connectionLost(new Failure(new ConnectionDone("connection done")));
            return;
        }
        stopReading();
        disconnecting = true;
        scheduleFlush();
    }

    /** Shuts down the write side once everything queued is sent; reading goes on. */
    public void loseWriteConnection() {
        transportHost.checkThread("loseWriteConnection");
        if (!connected || writeDisconnecting) {
            return;
        }
        writeDisconnecting = true;
        scheduleFlush();
    }

    /**
     * Closes without sending what is queued: the queue is dropped now and {@link #connectionLost} follows with
     * {@link ConnectionAborted} at the reactor's next pass, as in Twisted, so a protocol that aborts from one of
     * its own callbacks is not re-entered.
     */
    public void abortConnection() {
        transportHost.checkThread("abortConnection");
        if (disconnected || aborting) {
            return;
        }
        aborting = true;
        stopReading();
        stopWriting();
        dropQueue();
        reactor.callLater(0, () -> connectionLost(new Failure(new ConnectionAborted("connection aborted"))));
    }

    /** Whether {@link #loseWriteConnection()} has taken effect. */
    protected final boolean writeDisconnected() {
        return writeDisconnected;
    }

    /**
     * The connection is gone: stops watching the descriptor, stops the producer and drops the queue. Subclasses
     * close the descriptor and tell their protocol; the base does its part once.
     */
    @Override
    public void connectionLost(Failure reason) {
        if (disconnected) {
            return;
        }
        disconnected = true;
        connected = false;
        stopReading();
        stopWriting();
        IProducer p = producer;
        producer = null;
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable t) {
                SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in stopProducing of " + p, t);
            }
        }
        releaseBuffers();
    }

    /** Gives back the queue's chunks to the pool and leaves the reactor's open descriptors (once). */
    protected final void releaseBuffers() {
        dropQueue();
        if (registered) {
            registered = false;
            transportHost.removeOpenDescriptor(this);
        }
    }

    /** The read side ended cleanly; without half-close support that ends the connection. */
    @Override
    public void readConnectionLost(Failure reason) {
        readerRemovedByReactor();
        connectionLost(reason);
    }

    @Override
    public void writeConnectionLost(Failure reason) {
        connectionLost(reason);
    }

    // ---------------------------------------------------------------- consumer

    /**
     * Registers {@code producer}; a pull producer is asked for data at once. A producer registered after the
     * connection ended is stopped at once.
     *
     * @throws IllegalStateException if a producer is registered already
     */
    @Override
    public void registerProducer(IProducer producer, boolean streaming) {
        transportHost.checkThread("registerProducer");
        Objects.requireNonNull(producer, "producer");
        if (this.producer != null) {
            throw new IllegalStateException("Cannot register producer " + producer + ", because producer "
                    + this.producer + " was never unregistered.");
        }
        if (streaming && !(producer instanceof IPushProducer)) {
            throw new IllegalArgumentException("a streaming producer must be an IPushProducer: " + producer);
        }
        if (disconnected) {
            producer.stopProducing();
            return;
        }
        this.producer = producer;
        streamingProducer = streaming;
        producerPaused = false;
        if (!streaming) {
            resume(producer);
        }
    }

    /** Forgets the producer; a close waiting for it goes ahead. */
    @Override
    public void unregisterProducer() {
        transportHost.checkThread("unregisterProducer");
        producer = null;
        if (connected && (disconnecting || writeDisconnecting)) {
            scheduleFlush();
        }
    }

    private static void resume(IProducer p) {
        if (p instanceof IPullProducer pull) {
            pull.resumeProducing();
        } else if (p instanceof IPushProducer push) {
            push.resumeProducing();
        }
    }

    // ---------------------------------------------------------------- producer of what is read

    /** Stops reading until {@link #resumeProducing()}: the peer is slowed down by TCP's own flow control. */
    @Override
    public void pauseProducing() {
        transportHost.checkThread("pauseProducing");
        stopReading();
    }

    /** Reads again, unless the connection is closing. */
    @Override
    public void resumeProducing() {
        transportHost.checkThread("resumeProducing");
        if (connected && !disconnecting && !aborting) {
            startReading();
        }
    }

    /** Closes the connection: Twisted's {@code stopProducing} of a transport. */
    @Override
    public void stopProducing() {
        transportHost.checkThread("stopProducing");
        loseConnection();
    }
}
