package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.IProcessProtocol;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.python.Failure;

/**
 * The base of process protocols: Twisted's {@code protocol.ProcessProtocol}. It routes the child's fd 1 and 2 to
 * {@link #outReceived}/{@link #errReceived} and the end of fds 0, 1 and 2 to {@link #inConnectionLost},
 * {@link #outConnectionLost} and {@link #errConnectionLost}; override the general methods for other descriptors.
 *
 * <p>Order, as in Twisted: {@code connectionMade} first; {@code processExited} once the child is reaped (pipes may
 * still be open and data still arrive); {@code processEnded} last, once the child is reaped and every pipe closed.
 */
public class ProcessProtocol extends BaseProtocol implements IProcessProtocol {
    public ProcessProtocol() {
    }

    @Override
    public void makeConnection(IProcessTransport process) {
        super.makeConnection(process);
    }

    /** The transport as a process: pid, signals, per-descriptor writes. */
    public IProcessTransport processTransport() {
        return (IProcessTransport) transport;
    }

    @Override
    public void childDataReceived(int childFD, byte[] data) {
        if (childFD == 1) {
            outReceived(data);
        } else if (childFD == 2) {
            errReceived(data);
        }
    }

    /** The child wrote to its stdout. */
    public void outReceived(byte[] data) {
    }

    /** The child wrote to its stderr. */
    public void errReceived(byte[] data) {
    }

    @Override
    public void childConnectionLost(int childFD) {
        if (childFD == 0) {
            inConnectionLost();
        } else if (childFD == 1) {
            outConnectionLost();
        } else if (childFD == 2) {
            errConnectionLost();
        }
    }

    /** The child's stdin pipe was closed. */
    public void inConnectionLost() {
    }

    /** The child's stdout pipe was closed. */
    public void outConnectionLost() {
    }

    /** The child's stderr pipe was closed. */
    public void errConnectionLost() {
    }

    @Override
    public void processExited(Failure reason) {
    }

    @Override
    public void processEnded(Failure reason) {
    }
}
