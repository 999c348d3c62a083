package dev.twine.internet.tcp;

import dev.twine.internal.sys.SafeLog;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.abstracts.LogNames;
import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.abstracts.SocketKind;
import dev.twine.internet.abstracts.SocketOptionTable;
import dev.twine.internet.error.ConnectionAborted;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.host.Providers;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IBufferProtocol;
import dev.twine.internet.interfaces.IHalfCloseableProtocol;
import dev.twine.internet.interfaces.IProducer;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.ISSLProvider;
import dev.twine.internet.interfaces.ISSLTransport;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.interfaces.ITLSContextFactory;
import dev.twine.internet.interfaces.ITLSLayer;
import dev.twine.internet.interfaces.ITLSTransport;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A connected TCP socket and its protocol: Twisted's {@code tcp.Connection}. Reads go into the reactor's shared
 * buffer and the protocol gets a copy of exactly what was read (an {@code IBufferProtocol} gets a read-only view
 * of it instead, and nothing is allocated); writes take {@link FileDescriptor}'s coalescing
 * path and leave with {@code sendmsg(MSG_NOSIGNAL)}, so a peer that went away is an EPIPE and never a SIGPIPE.
 *
 * <p>The end of the peer's data closes the connection with {@link ConnectionDone}, unless the protocol is an
 * {@link IHalfCloseableProtocol}, which hears {@code readConnectionLost} and may go on writing.
 *
 * <p>{@link #startTLS} puts a TLS layer between the socket and the protocol, as Twisted's does: from then on the
 * layer is the protocol this transport drives, and the protocol's writes, closes and producers, still made on this
 * transport, go through the layer, which reaches the socket through {@link Bypass}.
 */
public abstract class Connection extends FileDescriptor implements ITLSTransport {
    protected int fd;
    protected IProtocol protocol;
    /** Gathered writes made so far: lets tests prove that one pass's writes leave in one system call. */
    long writeCalls;
    /** The TLS layer once {@link #startTLS} ran: the protocol's calls on this transport go to it. */
    private ITLSLayer tls;

    protected Connection(IReactor reactor, int fd, IProtocol protocol) {
        super(reactor);
        this.fd = fd;
        this.protocol = protocol;
    }

    @Override
    public int fileno() {
        return fd;
    }

    /** The protocol this transport drives. */
    public IProtocol getProtocol() {
        return protocol;
    }

    /** One read per readiness event, as Twisted does; level-triggered epoll calls again while data is left. */
    @Override
    public Throwable doRead() {
        if (aborting || disconnected) {
            return null;
        }
        byte[] buffer = buffers.readBuffer();
        int n;
        try {
            n = receive(buffer);
        } catch (ErrnoException e) {
            return new ConnectionLost("read failed: " + e.getMessage(), e);
        }
        if (n == 0) {
            return new ConnectionDone("connection done");
        }
        if (n > 0) {
            if (protocol instanceof IBufferProtocol inPlace) {
                inPlace.bufferReceived(buffers.readView(n));
            } else {
                protocol.dataReceived(Arrays.copyOf(buffer, n));
            }
        }
        return null;
    }

    /**
     * Reads what is waiting into {@code buffer}: the number of bytes, 0 at end of stream, or
     * {@link Syscalls#WOULD_BLOCK}. A hook for UNIX sockets, whose reads also take passed descriptors.
     */
    protected int receive(byte[] buffer) {
        return Syscalls.read(fd, buffer, 0, buffer.length);
    }

    @Override
    protected long writeVector(MemorySegment iov, int count) {
        writeCalls++;
        return Sockets.sendmsg(fd, iov, count, Sockets.MSG_NOSIGNAL);
    }

    /** Shuts the write side (the peer sees end of file) and tells a half-closeable protocol. */
    @Override
    protected Throwable closeWriteConnection() {
        try {
            Sockets.shutdown(fd, Sockets.SHUT_WR);
        } catch (ErrnoException ignored) {
            // The peer may have gone already; the read side will tell.
        }
        if (protocol instanceof IHalfCloseableProtocol halfCloseable) {
            try {
                halfCloseable.writeConnectionLost();
            } catch (Throwable t) {
                SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in writeConnectionLost of " + protocol, t);
                connectionLost(new Failure(t));
            }
        }
        return null;
    }

    /** The peer finished sending: a half-closeable protocol hears of it, any other loses the connection. */
    @Override
    public void readConnectionLost(Failure reason) {
        readerRemovedByReactor();
        if (protocol instanceof IHalfCloseableProtocol halfCloseable) {
            try {
                halfCloseable.readConnectionLost();
            } catch (Throwable t) {
                SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in readConnectionLost of " + protocol, t);
                connectionLost(new Failure(t));
            }
        } else {
            connectionLost(reason);
        }
    }

    /**
     * Closes the socket and tells the protocol. An aborted connection is reset ({@code SO_LINGER} 0: the peer
     * gets RST and unsent data is dropped); any other is shut down and closed.
     */
    @Override
    public void connectionLost(Failure reason) {
        if (disconnected) {
            return;
        }
        super.connectionLost(reason);
        closeSocket(!(reason.value() instanceof ConnectionAborted));
        IProtocol p = protocol;
        if (p != null) {
            p.connectionLost(reason);
        }
    }

    /**
     * Starts an accepted connection: connected, and reading from now on (the port then connects its protocol); on
     * failure the buffers are released again and the error is thrown.
     */
    protected final void startAccepted() {
        connected = true;
        try {
            startReading();
        } catch (RuntimeException | Error e) {
            connected = false;
            releaseBuffers();
            throw e;
        }
    }

    /** Closes the descriptor (once), orderly or by reset; errors are of no use to anyone now. */
    protected final void closeSocket(boolean orderly) {
        int s = fd;
        if (s < 0) {
            return;
        }
        fd = -1;
        try {
            if (orderly) {
                Sockets.shutdown(s, Sockets.SHUT_RDWR);
            } else {
                Sockets.setLinger(s, true, 0);
            }
        } catch (ErrnoException ignored) {
            // not connected any more: close is all that is left to do
        }
        try {
            Syscalls.close(s);
        } catch (ErrnoException ignored) {
            // the descriptor is released even then
        }
    }

    // ---------------------------------------------------------------- TLS

    @Override
    public ISSLTransport startTLS(ITLSContextFactory contextFactory) {
        transportHost.checkThread("startTLS");
        if (tls != null) {
            throw new IllegalStateException("TLS was started already on " + this);
        }
        if (!connected || disconnecting || aborting) {
            throw new IllegalStateException("cannot start TLS on a connection that is not open: " + this);
        }
        ITLSLayer layer = Providers.get(ISSLProvider.class).startTLS(reactor, new Bypass(), protocol, contextFactory);
        tls = layer;
        protocol = layer;
        return layer;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (tls != null) {
            tls.write(ByteBuffer.wrap(data, offset, length));
        } else {
            super.write(data, offset, length);
        }
    }

    @Override
    public void write(ByteBuffer data) {
        if (tls != null) {
            tls.write(data);
        } else {
            super.write(data);
        }
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        if (tls != null) {
            tls.writeSequence(data);
        } else {
            super.writeSequence(data);
        }
    }

    @Override
    public void loseConnection() {
        if (tls != null) {
            tls.loseConnection();
        } else {
            super.loseConnection();
        }
    }

    @Override
    public void loseWriteConnection() {
        if (tls != null) {
            tls.loseWriteConnection();
        } else {
            super.loseWriteConnection();
        }
    }

    @Override
    public void abortConnection() {
        if (tls != null) {
            tls.abortConnection();
        } else {
            super.abortConnection();
        }
    }

    @Override
    public void registerProducer(IProducer producer, boolean streaming) {
        if (tls != null) {
            tls.registerProducer(producer, streaming);
        } else {
            super.registerProducer(producer, streaming);
        }
    }

    @Override
    public void unregisterProducer() {
        if (tls != null) {
            tls.unregisterProducer();
        } else {
            super.unregisterProducer();
        }
    }

    @Override
    public void pauseProducing() {
        if (tls != null) {
            tls.pauseProducing();
        } else {
            super.pauseProducing();
        }
    }

    @Override
    public void resumeProducing() {
        if (tls != null) {
            tls.resumeProducing();
        } else {
            super.resumeProducing();
        }
    }

    @Override
    public void stopProducing() {
        if (tls != null) {
            tls.stopProducing();
        } else {
            super.stopProducing();
        }
    }

    /** This connection without its TLS layer: what the layer writes its records to, closes and pauses. */
    private final class Bypass implements ITCPTransport {
        @Override
        public void write(byte[] data) {
            Connection.super.write(data, 0, data.length);
        }

        @Override
        public void write(ByteBuffer data) {
            Connection.super.write(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            Connection.super.writeSequence(data);
        }

        @Override
        public void loseConnection() {
            Connection.super.loseConnection();
        }

        @Override
        public void loseWriteConnection() {
            Connection.super.loseWriteConnection();
        }

        @Override
        public void abortConnection() {
            Connection.super.abortConnection();
        }

        @Override
        public void registerProducer(IProducer producer, boolean streaming) {
            Connection.super.registerProducer(producer, streaming);
        }

        @Override
        public void unregisterProducer() {
            Connection.super.unregisterProducer();
        }

        @Override
        public void pauseProducing() {
            Connection.super.pauseProducing();
        }

        @Override
        public void resumeProducing() {
            Connection.super.resumeProducing();
        }

        @Override
        public void stopProducing() {
            Connection.super.loseConnection();
        }

        @Override
        public IAddress getPeer() {
            return Connection.this.getPeer();
        }

        @Override
        public IAddress getHost() {
            return Connection.this.getHost();
        }

        @Override
        public boolean getTcpNoDelay() {
            return Connection.this.getTcpNoDelay();
        }

        @Override
        public void setTcpNoDelay(boolean enabled) {
            Connection.this.setTcpNoDelay(enabled);
        }

        @Override
        public boolean getTcpKeepAlive() {
            return Connection.this.getTcpKeepAlive();
        }

        @Override
        public void setTcpKeepAlive(boolean enabled) {
            Connection.this.setTcpKeepAlive(enabled);
        }

        @Override
        public <T> void setOption(SocketOption<T> name, T value) {
            Connection.this.setOption(name, value);
        }

        @Override
        public <T> T getOption(SocketOption<T> name) {
            return Connection.this.getOption(name);
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return Connection.this.supportedOptions();
        }

        @Override
        public String toString() {
            return "Bypass[" + Connection.this + "]";
        }
    }

    @Override
    public IAddress getHost() {
        return SocketAddresses.of("TCP", SocketAddresses.local(fd));
    }

    @Override
    public boolean getTcpNoDelay() {
        return Sockets.getsockopt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY) != 0;
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        transportHost.checkThread("setTcpNoDelay");
        Sockets.setsockopt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, enabled ? 1 : 0);
    }

    @Override
    public boolean getTcpKeepAlive() {
        return Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE) != 0;
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        transportHost.checkThread("setTcpKeepAlive");
        Sockets.setsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE, enabled ? 1 : 0);
    }

    /** The kind of socket this is, which decides the options it supports: TCP here, UNIX for a subclass. */
    protected SocketKind socketKind() {
        return SocketKind.TCP;
    }

    @Override
    public final <T> void setOption(SocketOption<T> name, T value) {
        transportHost.checkThread("setOption");
        SocketOptionTable.set(fd, socketKind(), name, value);
    }

    @Override
    public final <T> T getOption(SocketOption<T> name) {
        return SocketOptionTable.get(fd, socketKind(), name);
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return SocketOptionTable.supported(socketKind());
    }

    @Override
    public String logPrefix() {
        // The user's protocol and the peer, as Twisted's "ProtocolClass,sessionno,host", so a log line names both.
        String name = LogNames.typeName(protocol == null ? this : protocol);
        IAddress peer = null;
        try {
            peer = getPeer();
        } catch (RuntimeException unknown) {
            // not connected yet, or already closed: the name alone
        }
        return peer == null ? name : name + " from " + peer;
    }
}
