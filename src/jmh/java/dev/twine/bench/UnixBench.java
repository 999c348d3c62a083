package dev.twine.bench;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IBufferProtocol;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IPullProducer;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.protocols.wire.Echo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * UNIX stream sockets through Twine's whole stack (listenUNIX, connectUNIX, Protocol, the TCP write path and the
 * {@code recvmsg} read path that takes passed descriptors), against NIO's {@code UnixDomainSocketAddress} channels
 * with a {@link Selector} and direct buffers. Both ends share the benchmark thread, as in {@link TcpBench}.
 *
 * <ul>
 *   <li>{@code pingPong}: one client keeps one 64-byte message in flight to an echo server; one operation is one
 *       round trip (counted in batches of {@value #BATCH}).</li>
 *   <li>{@code bulk}: one client streams 64 KiB writes to a server that discards them; one operation is one MiB
 *       delivered, so ops/s is MiB/s.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class UnixBench {
    private static final int MIB = 1 << 20;
    private static final int CHUNK = 64 * 1024;
    private static final int SIZE = 64;
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

    private static Path socketPath() {
        try {
            Path dir = Files.createTempDirectory("twine-unix-bench");
            dir.toFile().deleteOnExit();
            return dir.resolve("s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void iterateUntil(EPollReactor reactor, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark setup timed out");
            }
            reactor.iterate(0.1);
        }
    }

    /** A Twine server and one client on a fresh socket file. */
    abstract static class TwineState {
        EPollReactor reactor;
        IListeningPort server;
        Protocol client;
        Path path;

        void open(Factory serverFactory, Protocol clientProtocol) {
            reactor = new EPollReactor();
            path = socketPath();
            server = reactor.listenUNIX(path.toString(), serverFactory);
            reactor.connectUNIX(path.toString(), ClientFactory.forProtocol(() -> clientProtocol));
            iterateUntil(reactor, () -> client != null);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            client.transport().unregisterProducer();
            client.transport().loseConnection();
            server.stopListening();
            iterateUntil(reactor, () -> reactor.getReaders().size() <= 1);
            reactor.close();
            Files.deleteIfExists(path.getParent());
        }
    }

    @State(Scope.Thread)
    public static class TwinePingPong extends TwineState {
        long roundTrips;

        @Setup(Level.Trial)
        public void setUp() {
            byte[] message = new byte[SIZE];
            open(Factory.forProtocol(Echo::new), new Protocol() {
                private int pending;

                @Override
                public void connectionMade() {
                    client = this;
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
            });
        }
    }

    @State(Scope.Thread)
    public static class TwineBulk extends TwineState {
        /** {@code copy}: the server gets a {@code byte[]} per read; {@code view}: it reads in place (IBufferProtocol). */
        @Param({"copy", "view"})
        public String read;

        long received;

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

        @Setup(Level.Trial)
        public void setUp() {
            byte[] chunk = new byte[CHUNK];
            open(Factory.forProtocol(() -> read.equals("view") ? new InPlaceSink() : new Protocol() {
                @Override
                public void dataReceived(byte[] data) {
                    received += data.length;
                }
            }), new Protocol() {
                @Override
                public void connectionMade() {
                    client = this;
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
            });
        }
    }

    /** NIO peers on UNIX-domain channels, one Selector for both ends. */
    abstract static class NioState {
        Selector selector;
        ServerSocketChannel server;
        SocketChannel client;
        SocketChannel accepted;
        Path path;

        void open() throws IOException {
            selector = Selector.open();
            path = socketPath();
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(path));
            client = SocketChannel.open(UnixDomainSocketAddress.of(path));
            accepted = server.accept();
            client.configureBlocking(false);
            accepted.configureBlocking(false);
        }

        abstract void handle(SelectionKey key);

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            client.close();
            accepted.close();
            server.close();
            selector.close();
            Files.deleteIfExists(path);
            Files.deleteIfExists(path.getParent());
        }
    }

    @State(Scope.Thread)
    public static class NioPingPong extends NioState {
        long roundTrips;
        final ByteBuffer clientBuffer = ByteBuffer.allocateDirect(4096);
        final ByteBuffer serverBuffer = ByteBuffer.allocateDirect(4096);
        int pending;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open();
            client.register(selector, SelectionKey.OP_READ, clientBuffer);
            accepted.register(selector, SelectionKey.OP_READ, serverBuffer);
            pending = SIZE;
            client.write(ByteBuffer.allocateDirect(SIZE));
        }

        @Override
        void handle(SelectionKey key) {
            SocketChannel channel = (SocketChannel) key.channel();
            ByteBuffer buffer = (ByteBuffer) key.attachment();
            try {
                buffer.clear();
                int n = channel.read(buffer);
                if (n <= 0) {
                    return;
                }
                if (channel == accepted) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    return;
                }
                pending -= n;
                if (pending == 0) {
                    roundTrips++;
                    pending = SIZE;
                    buffer.clear().limit(SIZE);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @State(Scope.Thread)
    public static class NioBulk extends NioState {
        long received;
        final ByteBuffer out = ByteBuffer.allocateDirect(CHUNK);
        final ByteBuffer in = ByteBuffer.allocateDirect(CHUNK);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open();
            client.register(selector, SelectionKey.OP_WRITE);
            accepted.register(selector, SelectionKey.OP_READ);
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
                    int n = accepted.read(in);
                    if (n > 0) {
                        received += n;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
