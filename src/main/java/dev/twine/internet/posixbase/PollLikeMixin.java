package dev.twine.internet.posixbase;

import dev.twine.internal.sys.SafeLog;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionFdescWentAway;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.interfaces.IFileDescriptor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.IWriteDescriptor;
import java.lang.System.Logger.Level;

/**
 * What every poll-like reactor does with one readiness event: Twisted's {@code _PollLikeMixin}. Implementations
 * say which bits of their event masks mean "disconnected", "readable" and "writable".
 */
public interface PollLikeMixin extends DisconnectSelectableMixin {
    /** The event bits that mean the peer hung up or the descriptor failed. */
    int pollDisconnected();

    /** The event bits that mean there is data to read. */
    int pollIn();

    /** The event bits that mean the descriptor can be written. */
    int pollOut();

    /** Whether {@code selectable} (on {@code fd}) is being watched for reading. */
    boolean isReading(IFileDescriptor selectable, int fd);

    /**
     * Handles {@code event} for {@code selectable}: a hang-up with no data left ends a reader with
     * {@link ConnectionDone} and anything else with {@link ConnectionLost}; a closed descriptor is lost; otherwise
     * it reads first and then, if the read did not end it, writes. An exception from the descriptor ends that
     * descriptor only. A reader whose {@link IReadDescriptor#readsErrorEvents()} is true (a UDP port) is read on
     * an error event instead of ended, since {@code recv} reports and clears a datagram socket's error.
     */
    default void doReadOrWrite(IFileDescriptor selectable, int fd, int event) {
        Throwable why = null;
        boolean inRead = false;
        if (isDisconnected(event) && selectable instanceof IReadDescriptor r && r.readsErrorEvents()) {
            // A datagram socket's error is read (and cleared) by recv; it does not end the socket.
            event |= pollIn();
        }
        if (isDisconnected(event) && !isReadable(event)) {
            if (isReading(selectable, fd)) {
                inRead = true;
                why = new ConnectionDone("connection done");
            } else {
                why = new ConnectionLost("connection lost");
            }
        } else {
            try {
                if (selectable.fileno() == -1) {
                    why = new ConnectionFdescWentAway("file descriptor of " + selectable.logPrefix() + " was closed");
                } else {
                    if (isReadable(event) && selectable instanceof IReadDescriptor reader) {
                        why = reader.doRead();
                        inRead = true;
                    }
                    if (why == null && isWritable(event) && selectable instanceof IWriteDescriptor writer) {
                        why = writer.doWrite();
                        inRead = false;
                    }
                }
            } catch (Throwable t) {
                why = t;
                SafeLog.log("dev.twine.reactor", Level.ERROR,
                        () -> "Unhandled error in " + selectable.logPrefix() + "; disconnecting it", t);
            }
        }
        if (why != null) {
            disconnectSelectable(selectable, why, inRead);
        }
    }

    private boolean isDisconnected(int event) {
        return (event & pollDisconnected()) != 0;
    }

    private boolean isReadable(int event) {
        return (event & pollIn()) != 0;
    }

    private boolean isWritable(int event) {
        return (event & pollOut()) != 0;
    }
}
