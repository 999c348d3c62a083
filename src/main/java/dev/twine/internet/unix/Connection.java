package dev.twine.internet.unix;

import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.abstracts.SocketKind;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;
import java.lang.foreign.MemorySegment;

/**
 * A connected UNIX stream socket: TCP's connection (its write path, flow control and ways of closing) plus the
 * passing of descriptors ({@link DescriptorPassing}), as Twisted's {@code unix._SendmsgMixin} adds it to
 * {@code tcp.Connection}.
 */
abstract class Connection extends dev.twine.internet.tcp.Connection implements DescriptorTransport {
    private final DescriptorPassing descriptors;

    Connection(IReactor reactor, int fd, IProtocol protocol, DescriptorLog log) {
        super(reactor, fd, protocol);
        descriptors = new DescriptorPassing(this, super::writeVector, log);
    }

    @Override
    public void sendFileDescriptor(int descriptor) {
        transportHost.checkThread("sendFileDescriptor");
        if (!connected || disconnected || disconnecting || fd < 0) {
            // Nothing to send it over (as a write after close, it is dropped).
            return;
        }
        descriptors.queue(descriptor);
        startWriting();
    }

    @Override
    public int queuedFileDescriptors() {
        return descriptors.queued();
    }

    @Override
    protected int receive(byte[] buffer) {
        return descriptors.receive(fd, buffer);
    }

    /** A read, and the end of the connection if a message lost descriptors ({@link DescriptorPassing#receive}). */
    @Override
    public Throwable doRead() {
        Throwable lost = super.doRead();
        return lost != null ? lost : descriptors.takeFailure();
    }

    @Override
    protected long writeVector(MemorySegment iov, int count) {
        return descriptors.writeVector(fd, iov, count);
    }

    @Override
    public void connectionLost(Failure reason) {
        descriptors.closeQueued();
        super.connectionLost(reason);
    }

    @Override
    protected SocketKind socketKind() {
        return SocketKind.UNIX;
    }

    @Override
    public IAddress getHost() {
        return new UNIXAddress(fd < 0 ? null : UnixSockets.getsockname(fd));
    }
}
