package dev.twine.internet.protocol;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IProducer;
import dev.twine.internet.interfaces.ITransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/** An in-memory transport: records writes and whether it was closed, so protocol code can be driven directly. */
public final class FakeTransport implements ITransport {
    public final ByteArrayOutputStream written = new ByteArrayOutputStream();
    public boolean lost;

    @Override
    public void write(byte[] data) {
        written.writeBytes(data);
    }

    @Override
    public void write(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        write(copy);
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        data.forEach(this::write);
    }

    @Override
    public void loseConnection() {
        lost = true;
    }

    @Override
    public IAddress getPeer() {
        return new IPv4Address("TCP", "127.0.0.1", 40000);
    }

    @Override
    public IAddress getHost() {
        return new IPv4Address("TCP", "127.0.0.1", 8000);
    }

    @Override
    public void registerProducer(IProducer producer, boolean streaming) {
    }

    @Override
    public void unregisterProducer() {
    }
}
