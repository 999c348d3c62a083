package dev.twine.internet.unix;

import dev.twine.internal.sys.IoVec;
import dev.twine.internal.sys.ReceivedFds;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IFileDescriptorReceiver;
import dev.twine.internet.interfaces.IProtocol;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * The passing of descriptors over a connected UNIX stream socket, as Twisted's {@code unix._SendmsgMixin}: one per
 * transport, so that both the accepted connections ({@link Connection}) and the outgoing ones ({@link Client}, a TCP
 * client otherwise) have it.
 *
 * <p>Sending: each descriptor queued by {@link #queue} leaves with one byte of the data written after it (one
 * {@code sendmsg} each, as Twisted sends them), so there must be a byte written per descriptor. Receiving: every
 * read is a {@code recvmsg} with {@code MSG_CMSG_CLOEXEC} and room for the most one message can carry (253); the
 * descriptors that came with the data go to an {@link IFileDescriptorReceiver} protocol before the data, and are
 * closed here for any other protocol. A message that lost descriptors anyway (the descriptor table was full) ends
 * the connection, everything of it closed. The log lines a peer can cause this way are rate-limited
 * ({@link DescriptorLog}).
 */
final class DescriptorPassing {
    /** The transport's own gathered write, for the data that carries no descriptor. */
    @FunctionalInterface
    interface PlainWrite {
        long writeVector(MemorySegment iov, int count);
    }

    private final dev.twine.internet.tcp.Connection transport;
    private final PlainWrite plain;
    private final DescriptorLog log;
    private final ReceivedFds received = new ReceivedFds();
    /** Duplicates taken by {@link #queue}, in order; closed once sent or when the connection ends. */
    private final ArrayDeque<Integer> outgoingFds = new ArrayDeque<>();
    /** Why the connection must end, once a message lost descriptors; {@link #takeFailure} hands it on. */
    private Throwable failure;

    DescriptorPassing(dev.twine.internet.tcp.Connection transport, PlainWrite plain, DescriptorLog log) {
        this.transport = transport;
        this.plain = plain;
        this.log = log;
    }

    /**
     * Descriptors that may wait to be sent at most. Each one is a duplicate held in this process's descriptor table,
     * so a peer that stops reading (or a caller that sends descriptors without bytes) must not be able to fill the
     * table through this queue: past the bound the call fails instead.
     */
    static final int MAX_QUEUED_FDS = 1024;

    /**
     * Queues a duplicate of {@code descriptor} to leave with the next byte written.
     *
     * @throws IllegalStateException if {@link #MAX_QUEUED_FDS} are waiting already (nothing is duplicated)
     */
    void queue(int descriptor) {
        if (outgoingFds.size() >= MAX_QUEUED_FDS) {
            throw new IllegalStateException(outgoingFds.size() + " descriptors are waiting to be sent already (at most "
                    + MAX_QUEUED_FDS + "): write the bytes they travel with, or wait for the peer to read");
        }
        outgoingFds.addLast(Sockets.dup(descriptor));
    }

    /** Descriptors queued and not yet sent. */
    int queued() {
        return outgoingFds.size();
    }

    /**
     * Reads from {@code fd} into {@code buffer}, handing on the descriptors that came with the data. A message that
     * lost descriptors ({@code MSG_CTRUNC}) is not delivered at all: what did arrive of it is closed, its bytes are
     * dropped, {@link Syscalls#WOULD_BLOCK} is returned and {@link #takeFailure} then ends the connection, since
     * from there on the protocol would pair bytes with the wrong descriptors or none.
     */
    int receive(int fd, byte[] buffer) {
        int n = UnixSockets.recvmsg(fd, buffer, 0, buffer.length, received);
        if (received.truncated()) {
            int arrived = received.count();
            closeReceived(0);
            log.truncated(transport, arrived);
            failure = new ConnectionLost("a descriptor-passing message lost descriptors (MSG_CTRUNC): the " + arrived
                    + " that arrived were closed and its data dropped");
            return Syscalls.WOULD_BLOCK;
        }
        if (received.otherMessages() > 0) {
            log.otherControl(transport, received.otherMessages(), received.lastOther());
        }
        if (received.count() > 0) {
            deliverFds();
        }
        return n;
    }

    /** Why the connection must end (a message lost descriptors), once; null otherwise. */
    Throwable takeFailure() {
        Throwable f = failure;
        failure = null;
        return f;
    }

    /**
     * Hands the descriptors received to an {@link IFileDescriptorReceiver}, one by one and as they come (there is
     * no queue to fill: a message holds at most SCM_MAX_FD, and the kernel bounds what a peer has in flight), or
     * closes them for any other protocol.
     */
    private void deliverFds() {
        int count = received.count();
        IProtocol protocol = transport.getProtocol();
        int taken = 0;
        try {
            if (protocol instanceof IFileDescriptorReceiver receiver) {
                while (taken < count) {
                    // Counted before the call: a protocol that throws has been given this one.
                    int next = received.get(taken++);
                    receiver.fileDescriptorReceived(next);
                }
            } else {
                log.notTaken(transport, count);
            }
        } finally {
            // Those the protocol did not take: none at all, or the rest after it threw.
            closeReceived(taken);
        }
    }

    private void closeReceived(int from) {
        for (int i = from; i < received.count(); i++) {
            closeQuietly(received.get(i));
        }
        received.clear();
    }

    /**
     * With descriptors queued, sends each with the next byte of {@code iov} (one {@code sendmsg} per descriptor, as
     * Twisted does), then the rest as the plain gathered write; otherwise just the plain write.
     */
    long writeVector(int fd, MemorySegment iov, int count) {
        if (outgoingFds.isEmpty()) {
            return plain.writeVector(iov, count);
        }
        long sent = 0;
        int entry = 0;
        long base = IoVec.address(iov, 0);
        long length = IoVec.length(iov, 0);
        long offset = 0;
        while (!outgoingFds.isEmpty() && entry < count) {
            int passing = outgoingFds.peekFirst();
            IoVec.set(iov, entry, base + offset, 1);
            long n;
            try {
                n = UnixSockets.sendmsg(fd, iov.asSlice(entry * IoVec.SIZE), 1, Sockets.MSG_NOSIGNAL, passing);
            } finally {
                IoVec.set(iov, entry, base, length);
            }
            if (n <= 0) {
                return sent > 0 ? sent : n;
            }
            outgoingFds.removeFirst();
            closeQuietly(passing);
            sent++;
            if (++offset == length && ++entry < count) {
                base = IoVec.address(iov, entry);
                length = IoVec.length(iov, entry);
                offset = 0;
            }
        }
        if (entry == count) {
            return sent;
        }
        // The rest of this entry and the entries after it, in one call.
        IoVec.set(iov, entry, base + offset, length - offset);
        long n;
        try {
            n = plain.writeVector(iov.asSlice(entry * IoVec.SIZE), count - entry);
        } catch (ErrnoException e) {
            // What already left counts; the error shows again on the next write.
            return sent;
        } finally {
            IoVec.set(iov, entry, base, length);
        }
        return n > 0 ? sent + n : sent;
    }

    /** Closes the descriptors that never left: the connection ended. */
    void closeQueued() {
        Integer queued;
        while ((queued = outgoingFds.pollFirst()) != null) {
            closeQuietly(queued);
        }
    }

    private static void closeQuietly(int descriptor) {
        try {
            Syscalls.close(descriptor);
        } catch (ErrnoException ignored) {
            // released even then
        }
    }
}
