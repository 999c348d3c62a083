package dev.twine.protocols.portforward;

import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;

/**
 * One side of a forwarded connection: Twisted's {@code portforward.Proxy}. Bytes from one side are written to its
 * peer, and each transport is registered as the streaming producer of the other, so a slow side pauses reading
 * on the fast one instead of buffering without bound.
 *
 * <p>A side that ends cleanly closes its peer once the peer's queue is sent, as in Twisted; a side that ends any
 * other way (reset, aborted by a timeout, failed) aborts its peer, so the peer's queue is dropped at once instead
 * of waiting for a reader that may never come, and the reset reaches the other end as one.
 */
public class Proxy extends Protocol {
    private Proxy peer;

    /** Pairs this side with {@code peer}; data arriving before then is not expected (the client waits). */
    public void setPeer(Proxy peer) {
        this.peer = peer;
    }

    public Proxy peer() {
        return peer;
    }

    ITCPTransport tcp() {
        return (ITCPTransport) transport;
    }

    @Override
    public void dataReceived(byte[] data) {
        peer.transport.write(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        if (peer != null) {
            if (reason.value() instanceof ConnectionDone) {
                peer.transport.loseConnection();
            } else {
                peer.tcp().abortConnection();
            }
            peer = null;
        }
    }
}
