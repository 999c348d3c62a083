package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.iovec;
import dev.twine.internal.linux.mmsghdr;
import dev.twine.internal.linux.msghdr;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;

/**
 * Native memory for moving several datagrams per system call: {@code recvmmsg} into {@code count} fixed slots of
 * {@code slotSize} bytes, or {@code sendmmsg} of datagrams packed one after another into the same data area. A
 * port allocates one per direction once and reuses it for every readiness event, so a batch costs no allocation
 * beyond the arrays handed to the protocol. Close it to give the memory back. Not thread-safe.
 */
public final class DatagramBatch implements AutoCloseable {
    private static final long HEADER = mmsghdr.layout().byteSize();
    private static final long IOV = iovec.layout().byteSize();
    private static final long NAME = SockAddr.STORAGE_SIZE;
    private static final long MSG_HDR = mmsghdr.msg_hdr$offset();
    private static final long MSG_LEN = mmsghdr.msg_len$offset();
    private static final long NAME_AT = MSG_HDR + msghdr.msg_name$offset();
    private static final long NAMELEN_AT = MSG_HDR + msghdr.msg_namelen$offset();
    private static final long IOV_AT = MSG_HDR + msghdr.msg_iov$offset();
    private static final long IOVLEN_AT = MSG_HDR + msghdr.msg_iovlen$offset();
    private static final long FLAGS_AT = MSG_HDR + msghdr.msg_flags$offset();
    private static final long IOV_BASE = iovec.iov_base$offset();
    private static final long IOV_LEN = iovec.iov_len$offset();
    private static final int MSG_TRUNC = LibC.MSG_TRUNC();
    private static final int MSG_NOSIGNAL = LibC.MSG_NOSIGNAL();

    private static final MethodHandle RECVMMSG =
            Handles.nonBlocking(LibC.recvmmsg$address(), LibC.recvmmsg$descriptor());
    private static final MethodHandle SENDMMSG =
            Handles.nonBlocking(LibC.sendmmsg$address(), LibC.sendmmsg$descriptor());

    private final TrackedArena arena = TrackedArena.ofShared();
    private final int count;
    private final int slotSize;
    private final MemorySegment headers;
    private final MemorySegment iovecs;
    private final MemorySegment names;
    private final MemorySegment data;
    /** Datagrams offered for the next {@link #send}, and the bytes of the data area they use. */
    private int offered;
    private long packed;

    private DatagramBatch(int count, int slotSize) {
        this.count = count;
        this.slotSize = slotSize;
        try {
            headers = arena.allocate(HEADER * count, 16);
            iovecs = arena.allocate(IOV * count, 16);
            names = arena.allocate(NAME * count, 16);
            data = arena.allocate((long) slotSize * count, 16);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        for (int i = 0; i < count; i++) {
            long h = i * HEADER;
            headers.set(ValueLayout.JAVA_LONG, h + NAME_AT, names.address() + i * NAME);
            headers.set(ValueLayout.JAVA_LONG, h + IOV_AT, iovecs.address() + i * IOV);
            headers.set(ValueLayout.JAVA_LONG, h + IOVLEN_AT, 1L);
        }
    }

    /**
     * A batch of {@code count} datagrams of up to {@code slotSize} bytes each when receiving; when sending, the
     * datagrams share the {@code count * slotSize} bytes of the data area.
     */
    public static DatagramBatch allocate(int count, int slotSize) {
        if (count <= 0 || slotSize <= 0) {
            throw new IllegalArgumentException("a batch needs a positive count and slot size, not " + count + " x "
                    + slotSize);
        }
        return new DatagramBatch(count, slotSize);
    }

    /** How many datagrams one call may move. */
    public int capacity() {
        return count;
    }

    /**
     * {@code recvmmsg} of up to {@code max} (at most {@link #capacity()}) datagrams with {@code MSG_TRUNC}, so
     * {@link #length} is a datagram's real length even when only {@code slotSize} bytes were kept. Returns how many
     * arrived, or {@link Syscalls#WOULD_BLOCK}; EINTR is retried. A pending socket error (an ICMP refusal:
     * ECONNREFUSED) raises when it comes first, and is cleared by the kernel.
     */
    public int receive(int fd, int max) {
        int n = Math.min(max, count);
        for (int i = 0; i < n; i++) {
            long h = i * HEADER;
            headers.set(ValueLayout.JAVA_INT, h + NAMELEN_AT, (int) NAME);
            headers.set(ValueLayout.JAVA_INT, h + FLAGS_AT, 0);
            long v = i * IOV;
            iovecs.set(ValueLayout.JAVA_LONG, v + IOV_BASE, data.address() + (long) i * slotSize);
            iovecs.set(ValueLayout.JAVA_LONG, v + IOV_LEN, slotSize);
        }
        ThreadFrame frame = ThreadFrame.current();
        try {
            long got;
            do {
                got = Call.outcome((int) RECVMMSG.invokeExact(frame.errnoState, fd, headers, n, MSG_TRUNC,
                        MemorySegment.NULL), frame, "recvmmsg");
            } while (got == Call.RETRY);
            return (int) got;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** The real length of received datagram {@code i}: more than the slot size when it was cut. */
    public int length(int i) {
        return headers.get(ValueLayout.JAVA_INT, i * HEADER + MSG_LEN);
    }

    /** The first {@code n} bytes of received datagram {@code i}, in a new array. */
    public byte[] copy(int i, int n) {
        byte[] out = new byte[n];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, (long) i * slotSize, out, 0, n);
        return out;
    }

    /** Copies the sender's address of received datagram {@code i} into {@code out} (a {@code sockaddr_storage}). */
    public void sender(int i, MemorySegment out) {
        MemorySegment.copy(names, i * NAME, out, 0, NAME);
    }

    /**
     * Adds a datagram to the next {@link #send}: copies {@code datagram} into the data area and names {@code to}
     * (null: the connected peer). Returns false, adding nothing, when the batch is full or the data area has no
     * room left for it; a datagram larger than the whole area never fits and must be sent alone.
     */
    public boolean offer(byte[] datagram, InetSocketAddress to) {
        if (offered == count || packed + datagram.length > data.byteSize()) {
            return false;
        }
        int i = offered;
        long h = i * HEADER;
        if (to == null) {
            headers.set(ValueLayout.JAVA_LONG, h + NAME_AT, 0L);
            headers.set(ValueLayout.JAVA_INT, h + NAMELEN_AT, 0);
        } else {
            MemorySegment scratch = ThreadFrame.current().scratch;
            int length = SockAddr.encode(to, scratch);
            MemorySegment.copy(scratch, 0, names, i * NAME, length);
            headers.set(ValueLayout.JAVA_LONG, h + NAME_AT, names.address() + i * NAME);
            headers.set(ValueLayout.JAVA_INT, h + NAMELEN_AT, length);
        }
        headers.set(ValueLayout.JAVA_INT, h + FLAGS_AT, 0);
        MemorySegment.copy(datagram, 0, data, ValueLayout.JAVA_BYTE, packed, datagram.length);
        long v = i * IOV;
        iovecs.set(ValueLayout.JAVA_LONG, v + IOV_BASE, data.address() + packed);
        iovecs.set(ValueLayout.JAVA_LONG, v + IOV_LEN, datagram.length);
        packed += datagram.length;
        offered++;
        return true;
    }

    /** Datagrams offered and not yet sent. */
    public int offered() {
        return offered;
    }

    /**
     * {@code sendmmsg} of the datagrams offered, from the first, and then forgets them all. Returns how many the
     * kernel took (the first ones; the caller offers the rest again), or {@link Syscalls#WOULD_BLOCK} when it took
     * none. An error of the first datagram (EMSGSIZE, ECONNREFUSED...) raises.
     */
    public int send(int fd) {
        if (offered == 0) {
            return 0;
        }
        ThreadFrame frame = ThreadFrame.current();
        long sent;
        int n = offered;
        clear();
        try {
            do {
                sent = Call.outcome((int) SENDMMSG.invokeExact(frame.errnoState, fd, headers, n, MSG_NOSIGNAL), frame,
                        "sendmmsg");
            } while (sent == Call.RETRY);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        return (int) sent;
    }

    /** Forgets the datagrams offered. */
    public void clear() {
        offered = 0;
        packed = 0;
    }

    @Override
    public void close() {
        arena.close();
    }
}
