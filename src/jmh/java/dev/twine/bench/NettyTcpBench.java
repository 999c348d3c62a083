package dev.twine.bench;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.protocols.wire.Echo;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * {@link TcpBench}'s shapes against a benchmark-only peer, Netty 4.2's native epoll transport (JNI,
 * edge-triggered, pooled direct buffers, TCP_NODELAY on: Netty's defaults). One single-thread Netty event loop
 * serves both the client and the server ends over 127.0.0.1.
 *
 * <p>Unlike {@link TcpBench}, where the benchmark thread is the loop, the loop here runs on its own thread and
 * free-runs; the benchmark thread asks for the next {@value #ROUND_TRIPS} round trips (or {@value #BULK_MIB} MiB)
 * through a {@link Progress} and parks until the loop unparks it. So that Twine can be compared on the same
 * footing, {@code twinePingPongOnThread} runs an {@link EPollReactor} with {@code run(false)} on its own thread
 * and is measured in exactly the same way.
 *
 * <ul>
 *   <li>{@code nettyPingPong}, {@code twinePingPongOnThread}: each of {@code connections} clients keeps one
 *       {@code size}-byte message in flight to an echo server. One operation is one round trip.</li>
 *   <li>{@code nettyBulk}: one client writes 64 KiB buffers while the channel is writable to a server that
 *       discards them. One operation is one MiB delivered, so ops/s is MiB/s.</li>
 * </ul>
 * Netty's leak detector is off (its sampled stack traces would otherwise show up in B/op), and Netty may use
 * {@code sun.misc.Unsafe}, as it does where it runs fastest.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dio.netty.leakDetection.level=disabled"})
public class NettyTcpBench {
    static final String HOST = "127.0.0.1";
    static final int ROUND_TRIPS = 1_000;
    static final int CHUNK = 64 * 1024;
    static final int MIB = 1 << 20;
    static final int BULK_MIB = 16;

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long nettyPingPong(NettyPingPong s) {
        return s.progress.await(ROUND_TRIPS);
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long twinePingPongOnThread(TwinePingPongOnThread s) {
        return s.progress.await(ROUND_TRIPS);
    }

    @Benchmark
    @OperationsPerInvocation(BULK_MIB)
    public long nettyBulk(NettyBulk s) {
        return s.progress.await((long) BULK_MIB * MIB);
    }

    /**
     * A count advanced by the loop thread only, and a target the benchmark thread waits for: the loop unparks the
     * waiter once the count reaches the target (possibly more than once, until the waiter takes the target down).
     */
    static final class Progress {
        private volatile long count;
        private volatile long target = Long.MAX_VALUE;
        private volatile Thread waiter;

        /** Loop thread only. */
        @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer
        void add(long n) {
            long c = count + n;
            count = c;
            if (c >= target) {
                LockSupport.unpark(waiter);
            }
        }

        /** Benchmark thread: waits until the loop has counted {@code n} more than now. */
        long await(long n) {
            long t = count + n;
            waiter = Thread.currentThread();
            target = t;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long c;
            while ((c = count) < t) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the loop stalled at " + c + " of " + t);
                }
            }
            target = Long.MAX_VALUE;
            return c;
        }
    }

    /** Fails loudly when Netty's native transport did not load (say its .so was lost from the benchmarks jar). */
    static void requireEpoll() {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Netty native epoll is unavailable", Epoll.unavailabilityCause());
        }
    }

    /** One Netty event loop thread, its server channel and its client channels. */
    abstract static class NettyState {
        final Progress progress = new Progress();
        EventLoopGroup group;
        Channel server;
        final List<Channel> clients = new ArrayList<>();

        void open(ChannelHandler serverHandler) throws InterruptedException {
            requireEpoll();
            group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childHandler(serverHandler).bind(HOST, 0).sync().channel();
        }

        void connect(ChannelHandler clientHandler) throws InterruptedException {
            clients.add(new Bootstrap().group(group).channel(EpollSocketChannel.class).handler(clientHandler)
                    .connect(server.localAddress()).sync().channel());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            for (Channel c : clients) {
                c.close().sync();
            }
            server.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @State(Scope.Thread)
    public static class NettyPingPong extends NettyState {
        @Param({"1", "64"})
        public int connections;

        @Param({"64"})
        public int size;

        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            open(new NettyEcho());
            for (int i = 0; i < connections; i++) {
                connect(new NettyPinger(size, progress));
            }
        }
    }

    /** The server end: writes back what it reads, flushing once per read burst. */
    @ChannelHandler.Sharable
    static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset while teardown closes the clients with echoes in flight
        }
    }

    /** The client end: one {@code size}-byte message in flight; the next goes once the whole echo is back. */
    static final class NettyPinger extends ChannelInboundHandlerAdapter {
        private final int size;
        private final Progress progress;
        private int pending;

        NettyPinger(int size, Progress progress) {
            this.size = size;
            this.progress = progress;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            pending -= ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
            if (pending == 0) {
                progress.add(1);
                send(ctx);
            }
        }

        private void send(ChannelHandlerContext ctx) {
            pending = size;
            ctx.writeAndFlush(ctx.alloc().directBuffer(size).writeZero(size), ctx.voidPromise());
        }
    }

    @State(Scope.Thread)
    public static class NettyBulk extends NettyState {
        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            open(new ChannelInboundHandlerAdapter() {
                @Override
                public boolean isSharable() {
                    return true;
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    int n = ((ByteBuf) msg).readableBytes();
                    ReferenceCountUtil.release(msg);
                    progress.add(n);
                }
            });
            ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.directBuffer(CHUNK).writeZero(CHUNK));
            connect(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    fill(ctx);
                }

                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                    fill(ctx);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    if (ctx.channel().isOpen()) { // else: the chunks still queued when teardown closed it
                        ctx.fireExceptionCaught(cause);
                    }
                }

                /** Queues chunks until the outbound buffer passes its high-water mark (64 KiB), then flushes. */
                private void fill(ChannelHandlerContext ctx) {
                    Channel ch = ctx.channel();
                    while (ch.isActive() && ch.isWritable()) {
                        ctx.write(chunk.duplicate(), ctx.voidPromise());
                    }
                    ctx.flush();
                }
            });
        }
    }

    @State(Scope.Thread)
    public static class TwinePingPongOnThread {
        @Param({"1", "64"})
        public int connections;

        @Param({"64"})
        public int size;

        final Progress progress = new Progress();
        EPollReactor reactor;
        IListeningPort server;
        final List<Protocol> clients = new ArrayList<>();
        Thread loop;

        @Setup(Level.Trial)
        public void setUp() {
            reactor = new EPollReactor();
            server = reactor.listenTCP(0, Factory.forProtocol(Echo::new), 1024, HOST);
            byte[] message = new byte[size];
            int port = ((IPv4Address) server.getHost()).port();
            for (int i = 0; i < connections; i++) {
                reactor.connectTCP(HOST, port, ClientFactory.forProtocol(() -> new Protocol() {
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
                            progress.add(1);
                            pending = message.length;
                            transport.write(message);
                        }
                    }
                }));
            }
            // Connected on the benchmark thread; from here on only the loop thread touches the reactor.
            iterateUntil(() -> clients.size() == connections);
            loop = new Thread(() -> reactor.run(false), "twine-loop");
            loop.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            reactor.callFromThread(reactor::stop);
            loop.join(TimeUnit.SECONDS.toMillis(10));
            clients.forEach(c -> c.transport().loseConnection());
            server.stopListening();
            iterateUntil(() -> reactor.getReaders().size() <= 1);
            reactor.close();
        }

        private void iterateUntil(java.util.function.BooleanSupplier done) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("benchmark setup timed out");
                }
                reactor.iterate(0.1);
            }
        }
    }
}
