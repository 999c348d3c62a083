package dev.twine.internet.tcp;

import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.interfaces.ITransport;
import dev.twine.python.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A protocol that records what happens to it and runs hooks, for the TCP tests. By default it keeps what it
 * receives ({@link #keep}); tests of large volumes turn that off and count or hash in {@link #onData} instead.
 */
class RecordingProtocol implements IProtocol {
    ITCPTransport transport;
    int made;
    long receivedBytes;
    boolean keep = true;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<Failure> lost = new ArrayList<>();
    final List<String> events;
    Consumer<RecordingProtocol> onMade = p -> { };
    Consumer<byte[]> onData = d -> { };
    Consumer<Failure> onLost = f -> { };

    RecordingProtocol() {
        this(new ArrayList<>());
    }

    /** Records its events in {@code events}, shared with a factory to check their order. */
    RecordingProtocol(List<String> events) {
        this.events = events;
    }

    @Override
    public void makeConnection(ITransport t) {
        transport = (ITCPTransport) t;
        connectionMade();
    }

    @Override
    public void connectionMade() {
        made++;
        events.add("connectionMade");
        onMade.accept(this);
    }

    @Override
    public void dataReceived(byte[] data) {
        receivedBytes += data.length;
        if (keep) {
            received.writeBytes(data);
        }
        onData.accept(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        events.add("connectionLost");
        lost.add(reason);
        onLost.accept(reason);
    }

    boolean isLost() {
        return !lost.isEmpty();
    }

    Throwable reason() {
        return lost.isEmpty() ? null : lost.get(0).value();
    }

    String text() {
        return received.toString(StandardCharsets.US_ASCII);
    }

    static void transportLoseConnection(RecordingProtocol p) {
        p.transport.loseConnection();
    }

    void write(String text) {
        transport.write(text.getBytes(StandardCharsets.US_ASCII));
    }
}
