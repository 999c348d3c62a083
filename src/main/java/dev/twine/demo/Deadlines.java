package dev.twine.demo;

import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.interfaces.ITransport;

/**
 * The clocks by which the demo's servers bound in time everything a client can stall, one per connection, read
 * by {@link Sweeper}: how long since data last arrived (idle), since the request now arriving began (a head or
 * body dribbled a byte at a time), and since the write queue was last seen empty (a client that does not read
 * its replies, whose connection reads nothing meanwhile, being paused on its full queue).
 *
 * <p>Plain fields and {@link System#nanoTime()}: the connection updates them on every read, so they must cost no
 * allocation.
 */
final class Deadlines {
    /** What the sweep does with a connection. */
    enum Verdict {
        KEEP,
        /** Nothing is queued: close cleanly. */
        CLOSE,
        /** Replies are queued that the client is not taking: abort, dropping them ({@code loseConnection} would wait). */
        ABORT
    }

    private long lastActivityNanos = System.nanoTime();
    private long requestStartedNanos;
    private long queueBusySinceNanos;

    /** Bytes written to {@code transport} and not yet taken by the kernel (0 for a transport that does not say). */
    static long queuedBytes(ITransport transport) {
        return transport instanceof FileDescriptor fd ? fd.queuedBytes() : 0;
    }

    /** Data arrived at {@code now}; {@code queued} bytes wait to be sent. */
    void received(long now, long queued) {
        lastActivityNanos = now;
        if (queued == 0) {
            queueBusySinceNanos = 0; // the client took everything: its clock starts again with the next reply
        }
    }

    /** A reply is about to be written while {@code queued} bytes wait. */
    void writing(long queued) {
        if (queueBusySinceNanos == 0 && queued == 0) {
            queueBusySinceNanos = System.nanoTime();
        }
    }

    /** The first byte of a request arrived at {@code now}, unless one is arriving already. */
    void requestStarting(long now) {
        if (requestStartedNanos == 0) {
            requestStartedNanos = now;
        }
    }

    /** The request (head and body) has arrived whole. */
    void requestDone() {
        requestStartedNanos = 0;
    }

    /** The verdict at {@code now} for a connection with {@code queued} bytes waiting, each clock allowed {@code limit}. */
    Verdict check(long now, long limit, long queued) {
        if (queued == 0) {
            queueBusySinceNanos = 0;
        } else {
            // Reading may be paused on this queue: the client is waiting for us, so neither its idle clock nor its
            // request's runs. The queue has a clock of its own.
            lastActivityNanos = now;
            if (requestStartedNanos != 0) {
                requestStartedNanos = now;
            }
            if (queueBusySinceNanos != 0 && now - queueBusySinceNanos > limit) {
                return Verdict.ABORT;
            }
        }
        boolean idle = now - lastActivityNanos > limit;
        boolean slowRequest = requestStartedNanos != 0 && now - requestStartedNanos > limit;
        return idle || slowRequest ? Verdict.CLOSE : Verdict.KEEP;
    }
}
