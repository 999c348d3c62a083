package dev.twine.protocols.wire;

import dev.twine.internet.protocol.FlowControl;
import dev.twine.internet.protocol.Protocol;

/**
 * Writes back whatever it receives: Twisted's {@code protocols.wire.Echo} (RFC 862). It reads only while its write
 * queue is under the high-water mark ({@link FlowControl#readOnlyWhileWritable}), so a peer that sends without
 * reading is held to about one queue's worth of memory by TCP's flow control; a subclass overriding
 * {@link #connectionMade()} calls this one to keep that.
 */
public class Echo extends Protocol {
    @Override
    public void connectionMade() {
        FlowControl.readOnlyWhileWritable(transport);
    }

    @Override
    public void dataReceived(byte[] data) {
        transport.write(data);
    }
}
