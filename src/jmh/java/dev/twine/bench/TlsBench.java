package dev.twine.bench;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IBufferProtocol;
import dev.twine.internet.interfaces.IHandshakeListener;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IPullProducer;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.internet.ssl.ClientContextFactory;
import dev.twine.internet.ssl.ServerContextFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * TLS over 127.0.0.1: Twine's {@code listenSSL}/{@code connectSSL} (the JDK's {@link SSLEngine} driven by
 * {@code TLSMemoryBIOProtocol} over Twine's TCP) against the same engine driven by plain NIO, in one run. Both
 * ends share the benchmark thread in each case, as one event loop serving both; both use the same context
 * factories (an EC P-256 certificate made at setup, verified by the client against itself as the trust anchor).
 *
 * <ul>
 *   <li>{@code bulk}: one client streams 64 KiB plaintext writes to a server that counts them. One operation is
 *       one MiB of plaintext delivered, so ops/s is MiB/s.</li>
 *   <li>{@code handshake}: one connection after another, each closed as soon as the client's handshake is done.
 *       One operation is one full handshake (no resumption). Twine runs the engine's delegated tasks on its
 *       thread pool (so the reactor never blocks); the NIO peer runs them inline, as simple NIO code does.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TlsBench {
    private static final String HOST = "127.0.0.1";
    private static final int MIB = 1 << 20;
    private static final int CHUNK = 64 * 1024;

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
        long target = s.server.received + MIB;
        while (s.server.received < target) {
            s.selector.select(s::handle, 1000);
        }
        return target;
    }

    @Benchmark
    public long twineHandshake(TwineHandshake s) {
        long target = s.handshakes + 1;
        s.connect();
        while (s.handshakes < target || s.open > 0) {
            s.reactor.iterate(1);
        }
        return target;
    }

    @Benchmark
    public long nioHandshake(NioHandshake s) throws IOException {
        try (SocketChannel client = SocketChannel.open(s.server.getLocalAddress());
                SocketChannel accepted = s.server.accept()) {
            NioTls c = new NioTls(client, s.contexts.clientEngine());
            NioTls a = new NioTls(accepted, s.contexts.serverEngine());
            while (!c.handshakeDone || !a.handshakeDone) {
                c.pump();
                a.pump();
            }
        }
        return 1;
    }

    /** A throwaway certificate for 127.0.0.1, and the client and server settings both peers use. */
    static final class Contexts {
        final ServerContextFactory server;
        final ClientContextFactory client;

        Contexts(String protocol) {
            try {
                char[] password = "bench-only".toCharArray();
                KeyStore store = selfSigned(password);
                X509Certificate certificate = (X509Certificate) store.getCertificate("bench");
                server = ServerContextFactory.fromKeyStore(store, password).protocols(protocol).build();
                client = ClientContextFactory.builder().trustAnchors(List.of(certificate)).protocols(protocol)
                        .build();
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the benchmark's certificate", e);
            }
        }

        SSLEngine clientEngine() {
            return client.createEngine(HOST, 0);
        }

        SSLEngine serverEngine() {
            return server.createEngine(null, -1);
        }
    }

    private static int port(IListeningPort port) {
        return ((IPv4Address) port.getHost()).port();
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

    @State(Scope.Thread)
    public static class TwineBulk {
        @Param({"TLSv1.3", "TLSv1.2"})
        public String protocol;

        /** {@code copy}: the server gets a {@code byte[]} per delivery; {@code view}: it reads in place. */
        @Param({"copy", "view"})
        public String read;

        EPollReactor reactor;
        IListeningPort server;
        Protocol client;
        long received;

        @Setup(Level.Trial)
        public void setUp() {
            Contexts contexts = new Contexts(protocol);
            reactor = new EPollReactor();
            reactor.getThreadPool().start();
            server = reactor.listenSSL(0, Factory.forProtocol(() -> read.equals("view") ? new InPlaceSink()
                    : new Protocol() {
                        @Override
                        public void dataReceived(byte[] data) {
                            received += data.length;
                        }
                    }), contexts.server, 50, HOST);
            byte[] chunk = new byte[CHUNK];
            reactor.connectSSL(HOST, port(server), ClientFactory.forProtocol(() -> new Protocol() {
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
            }), contexts.client, 30, null);
            iterateUntil(reactor, () -> client != null && received > 0);
        }

        /** Counts the decrypted bytes without a copy (IBufferProtocol). */
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

    @State(Scope.Thread)
    public static class TwineHandshake {
        @Param({"TLSv1.3", "TLSv1.2"})
        public String protocol;

        EPollReactor reactor;
        IListeningPort server;
        Contexts contexts;
        ClientFactory clients;
        long handshakes;
        int open;

        /** Closes as soon as the handshake is done; counts the connection until both ends are gone. */
        final class Quick extends Protocol implements IHandshakeListener {
            private final boolean client;

            Quick(boolean client) {
                this.client = client;
            }

            @Override
            public void connectionMade() {
                open++;
            }

            @Override
            public void handshakeCompleted() {
                if (client) {
                    handshakes++;
                    transport.loseConnection();
                }
            }

            @Override
            public void connectionLost(dev.twine.python.Failure reason) {
                open--;
            }
        }

        @Setup(Level.Trial)
        public void setUp() {
            contexts = new Contexts(protocol);
            reactor = new EPollReactor();
            reactor.getThreadPool().start();
            server = reactor.listenSSL(0, Factory.forProtocol(() -> new Quick(false)), contexts.server, 1024, HOST);
            clients = ClientFactory.forProtocol(() -> new Quick(true));
        }

        void connect() {
            reactor.connectSSL(HOST, port(server), clients, contexts.client, 30, null);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            server.stopListening();
            iterateUntil(reactor, () -> reactor.getReaders().size() <= 1);
            reactor.close();
        }
    }

    @State(Scope.Thread)
    public static class NioBulk {
        @Param({"TLSv1.3", "TLSv1.2"})
        public String protocol;

        Selector selector;
        ServerSocketChannel listener;
        NioTls client;
        NioTls server;
        final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            Contexts contexts = new Contexts(protocol);
            selector = Selector.open();
            listener = ServerSocketChannel.open().bind(new InetSocketAddress(HOST, 0));
            SocketChannel c = SocketChannel.open(listener.getLocalAddress());
            SocketChannel a = listener.accept();
            client = new NioTls(c, contexts.clientEngine());
            server = new NioTls(a, contexts.serverEngine());
            while (!client.handshakeDone || !server.handshakeDone) {
                client.pump();
                server.pump();
            }
            server.received = 0;
            c.register(selector, SelectionKey.OP_WRITE, client);
            a.register(selector, SelectionKey.OP_READ, server);
        }

        void handle(SelectionKey key) {
            try {
                NioTls end = (NioTls) key.attachment();
                if (end == client && key.isWritable()) {
                    if (client.flush()) {
                        chunk.clear();
                        client.send(chunk);
                    }
                }
                if (end == server && key.isReadable()) {
                    server.pump();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            client.channel.close();
            server.channel.close();
            listener.close();
            selector.close();
        }
    }

    @State(Scope.Thread)
    public static class NioHandshake {
        @Param({"TLSv1.3", "TLSv1.2"})
        public String protocol;

        ServerSocketChannel server;
        Contexts contexts;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            contexts = new Contexts(protocol);
            server = ServerSocketChannel.open().bind(new InetSocketAddress(HOST, 0), 1024);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            server.close();
        }
    }

    /** An SSLEngine over a non-blocking SocketChannel, the way NIO code drives one: the peer. */
    static final class NioTls {
        final SocketChannel channel;
        final SSLEngine engine;
        final ByteBuffer netIn;
        final ByteBuffer netOut;
        final ByteBuffer appIn;
        boolean handshakeDone;
        long received;

        NioTls(SocketChannel channel, SSLEngine engine) throws IOException {
            this.channel = channel;
            this.engine = engine;
            channel.configureBlocking(false);
            // Each handshake message leaves in its own write here: without this, Nagle and delayed ACKs stall it.
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            int packet = engine.getSession().getPacketBufferSize();
            netIn = ByteBuffer.allocateDirect(4 * packet + CHUNK);
            netOut = ByteBuffer.allocateDirect(8 * packet);
            netOut.flip();
            appIn = ByteBuffer.allocate(CHUNK + engine.getSession().getApplicationBufferSize());
            engine.beginHandshake();
        }

        /** Writes what is encrypted and waiting; true when nothing is left. */
        boolean flush() throws IOException {
            while (netOut.hasRemaining()) {
                if (channel.write(netOut) == 0) {
                    return false;
                }
            }
            return true;
        }

        /** Encrypts all of {@code data} (the caller made sure netOut is empty) and writes what it can. */
        void send(ByteBuffer data) throws IOException {
            netOut.clear();
            while (data.hasRemaining()) {
                SSLEngineResult r = engine.wrap(data, netOut);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("wrap: " + r);
                }
            }
            netOut.flip();
            flush();
        }

        /** Reads, decrypts and does whatever handshake step is due. */
        void pump() throws IOException {
            flush();
            int n = channel.read(netIn);
            if (n < 0) {
                throw new IOException("peer closed");
            }
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    if (netOut.hasRemaining()) {
                        return;
                    }
                    netOut.clear();
                    engine.wrap(ByteBuffer.allocate(0), netOut);
                    netOut.flip();
                    flush();
                } else {
                    if (hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED) {
                        handshakeDone = true;
                    }
                    netIn.flip();
                    SSLEngineResult r = engine.unwrap(netIn, appIn);
                    netIn.compact();
                    received += appIn.position();
                    appIn.clear();
                    if (r.getStatus() != SSLEngineResult.Status.OK) {
                        return;
                    }
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                        return;
                    }
                }
            }
        }
    }

    /** A key store with one self-signed EC certificate for 127.0.0.1, made by the JDK's keytool. */
    static KeyStore selfSigned(char[] password) throws Exception {
        Path dir = Files.createTempDirectory("twine-tls-bench");
        Path store = dir.resolve("bench.p12");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "bench",
                    "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", new String(password))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + p.exitValue());
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                keyStore.load(in, password);
            }
            return keyStore;
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }
}
