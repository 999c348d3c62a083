package dev.twine.protocols.wire;

import dev.twine.internet.protocol.Protocol;

/** Writes back whatever it receives: Twisted's {@code protocols.wire.Echo} (RFC 862). */
public class Echo extends Protocol {
    @Override
    public void dataReceived(byte[] data) {
        transport.write(data);
    }
}
