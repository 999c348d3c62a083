package dev.twine.internet.unix;

import dev.twine.internet.tcp.Connection;
import java.lang.System.Logger.Level;

/**
 * The log lines a peer's descriptor-passing messages can cause, each kind limited to one per
 * {@link LogLimiter#INTERVAL_NANOS} ({@link LogLimiter}). One per listening port, shared by its connections (a peer
 * that opens many connections gets no more lines), and one per outgoing or adopted connection.
 */
final class DescriptorLog {
    private static final System.Logger LOG = System.getLogger("dev.twine.transport");

    private final LogLimiter notTaken = new LogLimiter();
    private final LogLimiter truncated = new LogLimiter();
    private final LogLimiter otherControl = new LogLimiter();

    /** Descriptors came for a protocol that does not take them; they were closed. */
    void notTaken(Connection transport, int count) {
        long left = notTaken.take();
        if (left >= 0) {
            LOG.log(Level.INFO, transport.logPrefix() + " does not take descriptors (IFileDescriptorReceiver); closing"
                    + " the " + count + " it was sent" + LogLimiter.leftOut(left));
        }
    }

    /** A message lost descriptors (MSG_CTRUNC); those that arrived were closed and the connection ends. */
    void truncated(Connection transport, int arrived) {
        long left = truncated.take();
        if (left >= 0) {
            LOG.log(Level.WARNING, transport.logPrefix() + ": a message lost descriptors (MSG_CTRUNC: the descriptor"
                    + " table is full?); closed the " + arrived + " that arrived and the connection"
                    + LogLimiter.leftOut(left));
        }
    }

    /** Control messages other than SCM_RIGHTS came (they carry no descriptor); they were ignored. */
    void otherControl(Connection transport, int count, String last) {
        long left = otherControl.take();
        if (left >= 0) {
            LOG.log(Level.INFO, transport.logPrefix() + " received " + count + " unsupported control message(s) ("
                    + last + "); ignored" + LogLimiter.leftOut(left));
        }
    }
}
