package dev.twine.internet.tcp;

import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.ITransport;
import dev.twine.python.Failure;

/** Stands in when a client factory's {@code buildProtocol} returns null, while the connection closes. */
final class NullProtocol implements IProtocol {
    static final NullProtocol INSTANCE = new NullProtocol();

    private NullProtocol() {
    }

    @Override
    public void makeConnection(ITransport transport) {
    }

    @Override
    public void connectionMade() {
    }

    @Override
    public void dataReceived(byte[] data) {
    }

    @Override
    public void connectionLost(Failure reason) {
    }
}
