package dev.twine.bench;

import dev.twine.internal.sys.DatagramBatch;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.protocol.DatagramProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
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
 * UDP datagrams per second over 127.0.0.1, Twine (listenUDP, with {@code recvmmsg} batches or {@code recvfrom} one
 * by one: {@code -Dtwine.udp.recvmmsg}, set per trial by {@code recv}) against plain NIO {@link DatagramChannel}s
 * doing the same, all on the benchmark thread. One operation is one datagram.
 *
 * <ul>
 *   <li>{@code *Receive}: a NIO sender puts {@code window} datagrams of {@code size} bytes on the wire, then the
 *       receiver (a Twine port, or a NIO channel with a Selector) takes all of them; the window stays far below the
 *       receive buffer, so none is dropped. The sender's cost is in both figures alike.</li>
 *   <li>{@code *Echo}: a client keeps {@code window} datagrams in flight to an echo server and sends the next one
 *       for each echo (Twine port to Twine port, or NIO to NIO).</li>
 *   <li>{@code send*}: the syscall layer alone: {@code window} datagrams with one {@code sendto} each, or one
 *       {@code sendmmsg} ({@link DatagramBatch}), to a socket that never reads (the kernel drops what does not
 *       fit, after the send's whole cost) — what a port's queue flush costs per datagram either way.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class UdpBench {
    private static final String HOST = "127.0.0.1";
    /** Datagrams per invocation. */
    static final int OPS = 1024;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long twineReceive(TwineReceive s) throws IOException {
        long target = s.received + OPS;
        while (s.received < target) {
            for (int i = 0; i < s.window; i++) {
                s.payload.clear();
                s.sender.send(s.payload, s.to);
            }
            long batch = s.received + s.window;
            while (s.received < batch) {
                s.reactor.iterate(1);
            }
        }
        return s.received;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long nioReceive(NioReceive s) throws IOException {
        long target = s.received + OPS;
        while (s.received < target) {
            for (int i = 0; i < s.window; i++) {
                s.payload.clear();
                s.sender.send(s.payload, s.to);
            }
            long batch = s.received + s.window;
            while (s.received < batch) {
                s.selector.select(s::drain, 1000);
            }
        }
        return s.received;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long twineEcho(TwineEcho s) {
        long target = s.client.echoed + OPS;
        while (s.client.echoed < target) {
            s.reactor.iterate(1);
        }
        return target;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long nioEcho(NioEcho s) throws IOException {
        long target = s.echoed + OPS;
        while (s.echoed < target) {
            s.selector.select(s::handle, 1000);
        }
        return target;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int sendto(Send s) {
        int sent = 0;
        for (int n = 0; n < OPS; n += s.window) {
            for (int i = 0; i < s.window; i++) {
                sent += Sockets.sendto(s.fd, s.datagram, 0, s.datagram.length, 0, s.to);
            }
        }
        return sent;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int sendmmsg(Send s) {
        int sent = 0;
        for (int n = 0; n < OPS; n += s.window) {
            for (int i = 0; i < s.window; i++) {
                s.batch.offer(s.datagram, s.to);
            }
            sent += s.batch.send(s.fd);
        }
        return sent;
    }

    private static int port(IUDPTransport port) {
        return ((IPv4Address) port.getHost()).port();
    }

    private static void closeAll(EPollReactor reactor, IUDPTransport... ports) {
        for (IUDPTransport p : ports) {
            p.stopListening();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reactor.getReaders().size() > 1 && System.nanoTime() < deadline) {
            reactor.iterate(0.01);
        }
        reactor.close();
    }

    @State(Scope.Thread)
    public static class TwineReceive {
        /** {@code recvmmsg}: batches; {@code recvfrom}: one datagram per call. */
        @Param({"recvmmsg", "recvfrom"})
        public String recv;

        @Param({"64"})
        public int size;

        @Param({"64"})
        public int window;

        EPollReactor reactor;
        IUDPTransport port;
        DatagramChannel sender;
        InetSocketAddress to;
        ByteBuffer payload;
        long received;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            System.setProperty("twine.udp.recvmmsg", String.valueOf(recv.equals("recvmmsg")));
            reactor = new EPollReactor();
            port = reactor.listenUDP(0, new DatagramProtocol() {
                @Override
                public void datagramReceived(byte[] datagram, IAddress addr) {
                    received++;
                }
            }, HOST, 8192);
            System.clearProperty("twine.udp.recvmmsg");
            to = new InetSocketAddress(HOST, port(port));
            sender = DatagramChannel.open();
            sender.bind(new InetSocketAddress(HOST, 0));
            payload = ByteBuffer.allocateDirect(size);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            sender.close();
            closeAll(reactor, port);
        }
    }

    @State(Scope.Thread)
    public static class NioReceive {
        @Param({"64"})
        public int size;

        @Param({"64"})
        public int window;

        Selector selector;
        DatagramChannel receiver;
        DatagramChannel sender;
        InetSocketAddress to;
        ByteBuffer payload;
        ByteBuffer in;
        long received;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            selector = Selector.open();
            receiver = DatagramChannel.open();
            receiver.bind(new InetSocketAddress(HOST, 0));
            receiver.configureBlocking(false);
            receiver.register(selector, SelectionKey.OP_READ);
            to = (InetSocketAddress) receiver.getLocalAddress();
            sender = DatagramChannel.open();
            sender.bind(new InetSocketAddress(HOST, 0));
            payload = ByteBuffer.allocateDirect(size);
            in = ByteBuffer.allocateDirect(8192);
        }

        void drain(SelectionKey key) {
            try {
                // The same read budget per readiness event as a Twine port.
                for (int i = 0; i < 256; i++) {
                    in.clear();
                    if (receiver.receive(in) == null) {
                        return;
                    }
                    // Handed over as a fresh array, as a Twine protocol gets it.
                    in.flip();
                    byte[] copy = new byte[in.remaining()];
                    in.get(copy);
                    received++;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            sender.close();
            receiver.close();
            selector.close();
        }
    }

    /** Keeps {@code window} datagrams in flight and sends one more per echo. */
    static final class WindowedClient extends DatagramProtocol {
        final byte[] message;
        InetSocketAddress server;
        long echoed;

        WindowedClient(int size) {
            message = new byte[size];
        }

        @Override
        public void datagramReceived(byte[] datagram, IAddress addr) {
            echoed++;
            transport.write(message, server);
        }
    }

    @State(Scope.Thread)
    public static class TwineEcho {
        @Param({"recvmmsg", "recvfrom"})
        public String recv;

        @Param({"64"})
        public int size;

        @Param({"64"})
        public int window;

        EPollReactor reactor;
        IUDPTransport server;
        IUDPTransport clientPort;
        WindowedClient client;

        @Setup(Level.Trial)
        public void setUp() {
            System.setProperty("twine.udp.recvmmsg", String.valueOf(recv.equals("recvmmsg")));
            reactor = new EPollReactor();
            server = reactor.listenUDP(0, new DatagramProtocol() {
                // The port hands out the same address object while the sender stays the same, so converting it
                // once per sender is enough (NIO's DatagramChannel caches its sender address the same way).
                private IAddress last;
                private InetSocketAddress lastSocketAddress;

                @Override
                public void datagramReceived(byte[] datagram, IAddress addr) {
                    if (addr != last) {
                        last = addr;
                        lastSocketAddress = ((IPv4Address) addr).toInetSocketAddress();
                    }
                    transport.write(datagram, lastSocketAddress);
                }
            }, HOST, 8192);
            client = new WindowedClient(size);
            clientPort = reactor.listenUDP(0, client, HOST, 8192);
            System.clearProperty("twine.udp.recvmmsg");
            client.server = new InetSocketAddress(HOST, port(server));
            for (int i = 0; i < window; i++) {
                clientPort.write(client.message, client.server);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            closeAll(reactor, server, clientPort);
        }
    }

    @State(Scope.Thread)
    public static class NioEcho {
        @Param({"64"})
        public int size;

        @Param({"64"})
        public int window;

        Selector selector;
        DatagramChannel server;
        DatagramChannel client;
        SocketAddress serverAddress;
        ByteBuffer in;
        ByteBuffer out;
        long echoed;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            selector = Selector.open();
            server = DatagramChannel.open().bind(new InetSocketAddress(HOST, 0));
            client = DatagramChannel.open().bind(new InetSocketAddress(HOST, 0));
            server.configureBlocking(false);
            client.configureBlocking(false);
            server.register(selector, SelectionKey.OP_READ, "server");
            client.register(selector, SelectionKey.OP_READ, "client");
            serverAddress = server.getLocalAddress();
            in = ByteBuffer.allocateDirect(8192);
            out = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < window; i++) {
                out.clear();
                client.send(out, serverAddress);
            }
        }

        void handle(SelectionKey key) {
            try {
                DatagramChannel ch = (DatagramChannel) key.channel();
                for (int i = 0; i < 256; i++) {
                    in.clear();
                    SocketAddress from = ch.receive(in);
                    if (from == null) {
                        return;
                    }
                    in.flip();
                    byte[] copy = new byte[in.remaining()];
                    in.get(copy);
                    if (key.attachment() == "server") {
                        ch.send(ByteBuffer.wrap(copy), from);
                    } else {
                        echoed++;
                        out.clear();
                        ch.send(out, serverAddress);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            client.close();
            server.close();
            selector.close();
        }
    }

    @State(Scope.Thread)
    public static class Send {
        @Param({"64"})
        public int size;

        @Param({"32"})
        public int window;

        int fd;
        int sink;
        InetSocketAddress to;
        byte[] datagram;
        DatagramBatch batch;

        @Setup(Level.Trial)
        public void setUp() {
            sink = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_DGRAM);
            Sockets.bind(sink, new InetSocketAddress(HOST, 0));
            to = Sockets.getsockname(sink);
            fd = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_DGRAM);
            datagram = new byte[size];
            batch = DatagramBatch.allocate(window, 2048);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            batch.close();
            Syscalls.close(fd);
            Syscalls.close(sink);
        }
    }
}
