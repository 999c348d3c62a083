package dev.twine.protocols.tls;

import dev.twine.internet.interfaces.IHandshakeListener;
import dev.twine.internet.interfaces.ISSLTransport;
import dev.twine.internet.interfaces.ITransport;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Consumer;

/** A protocol over TLS that records what happens to it: handshake, bytes (kept or only hashed), its end. */
class TlsPeer extends Protocol implements IHandshakeListener {
    ITransport transport;
    boolean made;
    boolean handshakeDone;
    long receivedBytes;
    boolean keep = true;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final MessageDigest digest;
    Failure lost;
    Consumer<TlsPeer> onMade = p -> { };
    Consumer<TlsPeer> onHandshake = p -> { };
    Consumer<byte[]> onData = d -> { };

    TlsPeer() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void makeConnection(ITransport t) {
        transport = t;
        connectionMade();
    }

    @Override
    public void connectionMade() {
        made = true;
        onMade.accept(this);
    }

    @Override
    public void handshakeCompleted() {
        handshakeDone = true;
        onHandshake.accept(this);
    }

    @Override
    public void dataReceived(byte[] data) {
        receivedBytes += data.length;
        digest.update(data);
        if (keep) {
            received.writeBytes(data);
        }
        onData.accept(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        lost = reason;
    }

    ISSLTransport tls() {
        return (ISSLTransport) transport;
    }

    boolean isLost() {
        return lost != null;
    }

    Throwable reason() {
        return lost == null ? null : lost.value();
    }

    String text() {
        return received.toString(StandardCharsets.US_ASCII);
    }
}
