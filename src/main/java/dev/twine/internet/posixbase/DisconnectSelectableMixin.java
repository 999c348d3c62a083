package dev.twine.internet.posixbase;

import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IFileDescriptor;
import dev.twine.internet.interfaces.IHalfCloseableDescriptor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.IWriteDescriptor;
import dev.twine.python.Failure;

/**
 * Disconnecting a selectable whose read or write ended: Twisted's {@code _DisconnectSelectableMixin}. A clean
 * end of the read side of a half-closeable descriptor only closes that side; anything else removes the descriptor
 * entirely and tells it why.
 */
public interface DisconnectSelectableMixin {
    void removeReader(IReadDescriptor reader);

    void removeWriter(IWriteDescriptor writer);

    /** Stops watching {@code selectable} because {@code why} ended it; {@code isRead}: it ended while reading. */
    default void disconnectSelectable(IFileDescriptor selectable, Throwable why, boolean isRead) {
        if (selectable instanceof IReadDescriptor reader) {
            removeReader(reader);
        }
        Failure reason = new Failure(why);
        if (isRead && why instanceof ConnectionDone && selectable instanceof IHalfCloseableDescriptor halfCloseable) {
            halfCloseable.readConnectionLost(reason);
            return;
        }
        if (selectable instanceof IWriteDescriptor writer) {
            removeWriter(writer);
        }
        selectable.connectionLost(reason);
    }
}
