package dev.twine.bench;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.python.Failure;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * One byte bounced between two ends through an event loop, in round trips per second. Exactly one byte is ever in
 * flight; each readiness event is one read and one 1-byte write back, so a round trip is two polls, two reads and
 * two writes, all on the benchmark thread.
 *
 * <ul>
 *   <li>{@code twine}: two {@link IReadDescriptor}s on the ends of a non-blocking AF_UNIX SOCK_STREAM
 *       {@code socketpair}, each reading into its own reusable {@code byte[]} through {@link Syscalls}, driven by
 *       {@code reactor.iterate(...)}.</li>
 *   <li>Peer, {@code nio}: the same with a {@link Selector} (epoll underneath) and direct buffers, over either an
 *       AF_UNIX stream pair ({@code transport=unix}, the same kernel path as Twine's, made by connecting to a
 *       socket file that is deleted at once) or two {@link Pipe}s ({@code transport=pipe}).</li>
 *   <li>{@code poll=now}: polls that do not wait ({@code iterate(0)}, {@code selectNow}); {@code poll=wait}:
 *       polls with a 1 s timeout ({@code iterate(1)}, {@code select(1000)}), which return at once since a byte
 *       is always ready, but take the blocking path (Twine: a non-critical downcall).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PingPongBench.ROUND_TRIPS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PingPongBench {
    static final int ROUND_TRIPS = 1_000;

    @Benchmark
    public long twine(TwineState s) {
        long target = s.ping.count + ROUND_TRIPS;
        while (s.ping.count < target) {
            s.reactor.iterate(s.delay);
        }
        return target;
    }

    @Benchmark
    public long nio(NioState s) throws IOException {
        long target = s.ping.count + ROUND_TRIPS;
        while (s.ping.count < target) {
            if (s.wait) {
                s.selector.select(s.handler, 1000);
            } else {
                s.selector.selectNow(s.handler);
            }
        }
        return target;
    }

    @State(Scope.Thread)
    public static class TwineState {
        @Param({"now", "wait"})
        public String poll;

        EPollReactor reactor;
        double delay;
        End ping;
        End pong;

        @Setup(Level.Trial)
        public void setUp() {
            delay = poll.equals("now") ? 0 : 1;
            int[] pair = Syscalls.socketpair(LibC.AF_UNIX(), LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK()
                    | LibC.SOCK_CLOEXEC(), 0);
            ping = new End(pair[0]);
            pong = new End(pair[1]);
            reactor = new EPollReactor();
            reactor.addReader(ping);
            reactor.addReader(pong);
            Syscalls.write(pong.fd, new byte[] {1}, 0, 1); // the first ball, for ping to return
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            reactor.removeReader(ping);
            reactor.removeReader(pong);
            reactor.close();
            Syscalls.close(ping.fd);
            Syscalls.close(pong.fd);
        }
    }

    /** One end: on each readable event it reads what came and sends one byte back. */
    static final class End implements IReadDescriptor {
        final int fd;
        final byte[] buffer = new byte[64];
        long count;

        End(int fd) {
            this.fd = fd;
        }

        @Override
        public int fileno() {
            return fd;
        }

        @Override
        public Throwable doRead() {
            int n = Syscalls.read(fd, buffer, 0, buffer.length);
            if (n <= 0) {
                return n == 0 ? new IllegalStateException("end of stream") : null;
            }
            count++;
            if (Syscalls.write(fd, buffer, 0, 1) != 1) {
                return new IllegalStateException("could not send the byte back");
            }
            return null;
        }

        @Override
        public void connectionLost(Failure reason) {
            throw new IllegalStateException("ping-pong broke: " + reason.value(), reason.value());
        }
    }

    @State(Scope.Thread)
    public static class NioState {
        @Param({"now", "wait"})
        public String poll;

        @Param({"unix", "pipe"})
        public String transport;

        Selector selector;
        boolean wait;
        NioEnd ping;
        NioEnd pong;
        final Consumer<SelectionKey> handler = this::handle;
        private final List<Closeable> channels = new ArrayList<>();

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            wait = poll.equals("wait");
            selector = Selector.open();
            if (transport.equals("unix")) {
                Path dir = Files.createTempDirectory("twine-pingpong");
                UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
                SocketChannel a;
                SocketChannel b;
                try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                    server.bind(address);
                    a = SocketChannel.open(address);
                    b = server.accept();
                } finally {
                    Files.deleteIfExists(address.getPath());
                    Files.delete(dir);
                }
                ping = end(a, a);
                pong = end(b, b);
            } else {
                Pipe toPong = Pipe.open();
                Pipe toPing = Pipe.open();
                ping = end(toPing.source(), toPong.sink());
                pong = end(toPong.source(), toPing.sink());
            }
            pong.out.put(0, (byte) 1);
            if (pong.sink.write(pong.out.clear().limit(1)) != 1) {
                throw new IllegalStateException("could not serve");
            }
        }

        /** An end reading from {@code source} and answering on {@code sink} (the same channel for a socket). */
        private <R extends SelectableChannel & ReadableByteChannel, W extends SelectableChannel & WritableByteChannel>
                NioEnd end(R source, W sink) throws IOException {
            channels.add(source);
            channels.add(sink);
            source.configureBlocking(false);
            sink.configureBlocking(false);
            NioEnd end = new NioEnd(source, sink);
            source.register(selector, SelectionKey.OP_READ, end);
            return end;
        }

        void handle(SelectionKey key) {
            try {
                ((NioEnd) key.attachment()).onReadable();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            selector.close();
            for (Closeable c : channels) {
                c.close();
            }
        }
    }

    static final class NioEnd {
        final ReadableByteChannel source;
        final WritableByteChannel sink;
        final ByteBuffer in = ByteBuffer.allocateDirect(64);
        final ByteBuffer out = ByteBuffer.allocateDirect(1);
        long count;

        NioEnd(ReadableByteChannel source, WritableByteChannel sink) {
            this.source = source;
            this.sink = sink;
        }

        void onReadable() throws IOException {
            int n = source.read(in.clear());
            if (n < 0) {
                throw new IllegalStateException("end of stream");
            }
            if (n > 0) {
                count++;
                out.put(0, in.get(0));
                if (sink.write(out.clear()) != 1) {
                    throw new IllegalStateException("could not send the byte back");
                }
            }
        }
    }
}
