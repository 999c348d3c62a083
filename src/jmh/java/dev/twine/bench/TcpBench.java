package dev.twine.bench;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IBufferProtocol;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IPullProducer;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.protocols.wire.Echo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * TCP over 127.0.0.1 through Twine's whole stack (listenTCP, connectTCP, Protocol, the transport's write path),
 * against plain NIO doing the same with a {@link Selector} and direct buffers. Client and server share the
 * benchmark thread, as one event loop serving both ends.
 *
 * <ul>
 *   <li>{@code pingPong}: each of {@code connections} clients keeps one {@code size}-byte message in flight to an
 *       echo server and sends the next when the whole echo is back. One operation is one round trip (counted
 *       in batches of {@value #BATCH}, overshooting by at most one pass).</li>
 *   <li>{@code bulk}: one client streams 64 KiB writes to a server that discards them. One operation is one MiB
 *       delivered, so ops/s is MiB/s.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TcpBench {
    private static final String HOST = "127.0.0.1";
    private static final int MIB = 1 << 20;
    private static final int CHUNK = 64 * 1024;

    /** Round trips per invocation: a pass with 64 connections completes many, and every one of them counts. */
    static final int BATCH = 1000;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long twinePingPong(TwinePingPong s) {
        long target = s.roundTrips + BATCH;
        while (s.roundTrips < target) {
            s.reactor.iterate(1);
        }
        return target;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long nioPingPong(NioPingPong s) throws IOException {
        long target = s.roundTrips + BATCH;
        while (s.roundTrips < target) {
            s.selector.select(s::handle, 1000);
        }
        return target;
    }

    @Benchmark
    public long twineBulk(TwineBulk s) {
        long target = s.received + MIB;
        while (s.received < target) {
            s.reactor.iterate(1);
        }
        return target;
    }

    @Benchmark
    public long nioBulk(NioBulk s) throws IOException {
        long target = s.received + MIB;
        while (s.received < target) {
            s.selector.select(s::handle, 1000);
        }
        return target;
    }

    private static int port(IListeningPort port) {
        return ((IPv4Address) port.getHost()).port();
    }

    /** Runs the reactor until {@code done} holds; setup only, bounded by a deadline. */
    private static void iterateUntil(EPollReactor reactor, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark setup timed out");
            }
            reactor.iterate(0.1);
        }
    }

    @State(Scope.Thread)
    public static class TwinePingPong {
        @Param({"1", "64"})
        public int connections;

        @Param({"64"})
        public int size;

        EPollReactor reactor;
        IListeningPort server;
        final List<Protocol> clients = new ArrayList<>();
        long roundTrips;

        @Setup(Level.Trial)
        public void setUp() {
            reactor = new EPollReactor();
            server = reactor.listenTCP(0, Factory.forProtocol(Echo::new), 1024, HOST);
            byte[] message = new byte[size];
            for (int i = 0; i < connections; i++) {
                reactor.connectTCP(HOST, port(server), ClientFactory.forProtocol(() -> new Protocol() {
                    private int pending;

                    @Override
                    public void connectionMade() {
                        clients.add(this);
                        pending = message.length;
                        transport.write(message);
                    }

                    @Override
                    public void dataReceived(byte[] data) {
                        pending -= data.length;
                        if (pending == 0) {
                            roundTrips++;
                            pending = message.length;
                            transport.write(message);
                        }
                    }
                }));
            }
            iterateUntil(reactor, () -> clients.size() == connections);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            clients.forEach(c -> c.transport().loseConnection());
            server.stopListening();
            iterateUntil(reactor, () -> reactor.getReaders().size() <= 1);
            reactor.close();
        }
    }

    @State(Scope.Thread)
    public static class TwineBulk {
        /** {@code copy}: the server gets a {@code byte[]} per read; {@code view}: it reads in place (IBufferProtocol). */
        @Param({"copy", "view"})
        public String read;

        EPollReactor reactor;
        IListeningPort server;
        Protocol client;
        long received;

        @Setup(Level.Trial)
        public void setUp() {
            reactor = new EPollReactor();
            server = reactor.listenTCP(0, Factory.forProtocol(() -> read.equals("view") ? new InPlaceSink() : new Protocol() {
                @Override
                public void dataReceived(byte[] data) {
                    received += data.length;
                }
            }), 50, HOST);
            byte[] chunk = new byte[CHUNK];
            reactor.connectTCP(HOST, port(server), ClientFactory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    client = this;
                    // A pull producer: asked for the next chunk each time the transport's buffer empties.
                    transport.registerProducer(new IPullProducer() {
                        @Override
                        public void resumeProducing() {
                            transport.write(chunk);
                        }

                        @Override
                        public void stopProducing() {
                        }
                    }, false);
                }
            }));
            iterateUntil(reactor, () -> client != null);
        }

        /** Counts what arrives without taking it out of the reactor's buffer. */
        final class InPlaceSink extends Protocol implements IBufferProtocol {
            @Override
            public void bufferReceived(ByteBuffer data) {
                received += data.remaining();
            }

            @Override
            public void dataReceived(byte[] data) {
                received += data.length;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            client.transport().unregisterProducer();
            client.transport().loseConnection();
            server.stopListening();
            iterateUntil(reactor, () -> reactor.getReaders().size() <= 1);
            reactor.close();
        }
    }

    /** NIO peers: the same exchanges on SocketChannels, one Selector for both ends. */
    abstract static class NioState {
        Selector selector;
        ServerSocketChannel server;
        final List<SocketChannel> channels = new ArrayList<>();

        void open() throws IOException {
            selector = Selector.open();
            server = ServerSocketChannel.open().bind(new InetSocketAddress(HOST, 0), 1024);
        }

        SocketChannel connect() throws IOException {
            SocketChannel client = SocketChannel.open(server.getLocalAddress());
            SocketChannel accepted = server.accept();
            for (SocketChannel c : List.of(client, accepted)) {
                // Default socket options on both sides, as Twine's transports have.
                c.configureBlocking(false);
                channels.add(c);
            }
            return client;
        }

        SocketChannel lastAccepted() {
            return channels.get(channels.size() - 1);
        }

        abstract void handle(SelectionKey key);

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            for (SocketChannel c : channels) {
                c.close();
            }
            server.close();
            selector.close();
        }
    }

    @State(Scope.Thread)
    public static class NioPingPong extends NioState {
        @Param({"1", "64"})
        public int connections;

        @Param({"64"})
        public int size;

        long roundTrips;

        /** Per channel: a direct buffer; the client's counts what is still to come back. */
        static final class End {
            final boolean client;
            final ByteBuffer buffer;
            int pending;

            End(boolean client, int size) {
                this.client = client;
                this.buffer = ByteBuffer.allocateDirect(Math.max(size, 4096));
            }
        }

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open();
            for (int i = 0; i < connections; i++) {
                SocketChannel client = connect();
                SocketChannel accepted = lastAccepted();
                End c = new End(true, size);
                c.pending = size;
                client.register(selector, SelectionKey.OP_READ, c);
                accepted.register(selector, SelectionKey.OP_READ, new End(false, size));
                client.write(ByteBuffer.allocateDirect(size));
            }
        }

        @Override
        void handle(SelectionKey key) {
            SocketChannel channel = (SocketChannel) key.channel();
            End end = (End) key.attachment();
            try {
                ByteBuffer buffer = end.buffer;
                buffer.clear();
                int n = channel.read(buffer);
                if (n <= 0) {
                    return;
                }
                if (!end.client) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    return;
                }
                end.pending -= n;
                if (end.pending == 0) {
                    roundTrips++;
                    end.pending = size;
                    buffer.clear().limit(size);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @State(Scope.Thread)
    public static class NioBulk extends NioState {
        long received;
        SocketChannel client;
        final ByteBuffer out = ByteBuffer.allocateDirect(CHUNK);
        final ByteBuffer in = ByteBuffer.allocateDirect(CHUNK);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open();
            client = connect();
            client.register(selector, SelectionKey.OP_WRITE);
            lastAccepted().register(selector, SelectionKey.OP_READ);
            out.limit(0);
        }

        @Override
        void handle(SelectionKey key) {
            try {
                if (key.isWritable()) {
                    if (!out.hasRemaining()) {
                        out.clear();
                    }
                    client.write(out);
                }
                if (key.isValid() && key.isReadable()) {
                    in.clear();
                    int n = ((SocketChannel) key.channel()).read(in);
                    if (n > 0) {
                        received += n;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
