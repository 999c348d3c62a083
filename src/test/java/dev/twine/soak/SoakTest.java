package dev.twine.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.DatagramProtocol;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.ProcessProtocol;
import dev.twine.internet.protocol.Protocol;
import dev.twine.internet.ssl.ClientContextFactory;
import dev.twine.internet.ssl.ServerContextFactory;
import dev.twine.protocols.tls.TestCertificates;
import dev.twine.protocols.wire.Echo;
import dev.twine.python.Failure;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ResourceSnapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long run (opt-in: {@code ./twine soak [seconds]}, 300 by default; not part of {@code ./twine test}): rounds of
 * mixed traffic on one reactor until the time is up — TCP, UNIX and TLS echo connections opened, checked and closed
 * every round, a UDP window of echoes, child processes echoing through {@code cat} — with every byte checked. The
 * heap, the descriptor count, Twine's native memory and the JVM's own native memory (Native Memory Tracking) after
 * the last round must match those after the first.
 */
@Tag("soak")
class SoakTest {
    private static final int CONNECTIONS = 20;
    private static final int DATAGRAMS = 2_000;
    private static final int PROCESSES = 2;
    private static final int TLS_CONNECTIONS = 4;

    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    @TempDir
    Path dir;

    private final SplittableRandom random = new SplittableRandom(20261122);
    private long checkedBytes;
    private int failures;

    /** Sends a payload, expects it back whole, then closes; a mismatch or an early loss counts as a failure. */
    private final class Checker extends Protocol {
        private final byte[] payload;
        private final CRC32C received = new CRC32C();
        private long count;
        boolean done;

        Checker(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public void connectionMade() {
            transport.write(payload);
        }

        @Override
        public void dataReceived(byte[] data) {
            received.update(data);
            count += data.length;
            if (count == payload.length) {
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            CRC32C sent = new CRC32C();
            sent.update(payload);
            if (count == payload.length && sent.getValue() == received.getValue()) {
                checkedBytes += count;
            } else {
                failures++;
            }
            done = true;
        }
    }

    private record Sample(long heap, int fds, long twineNative, long jvmNativeCommitted) {
    }

    /** The first jcmd makes the JVM open its attach socket for good: before the leak checks' first look. */
    @BeforeAll
    static void openAttachListener() throws IOException, InterruptedException {
        nmtCommittedKb();
    }

    @Test
    @Timeout(3600)
    void mixedTrafficForMinutesLosesNothingAndHoldsSteady() throws Exception {
        long seconds = Long.getLong("twine.soak.seconds", 300);
        EPollReactor reactor = fixture.reactor();
        Factory echo = Factory.forProtocol(Echo::new);
        IListeningPort tcp = reactor.listenTCP(0, echo, 128, "127.0.0.1");
        int tcpPort = ((IPv4Address) tcp.getHost()).port();
        String unixPath = dir.resolve("soak.sock").toString();
        IListeningPort unix = reactor.listenUNIX(unixPath, echo);
        IUDPTransport udpEcho = reactor.listenUDP(0, new DatagramProtocol() {
            @Override
            public void datagramReceived(byte[] datagram, IAddress addr) {
                transport().write(datagram, ((IPv4Address) addr).toInetSocketAddress());
            }
        }, "127.0.0.1", 65536);
        int udpPort = ((IPv4Address) udpEcho.getHost()).port();
        TestCertificates certs = TestCertificates.generate(Files.createDirectory(dir.resolve("certs")));
        IListeningPort tls = reactor.listenSSL(0, echo,
                ServerContextFactory.fromPem(certs.serverKey, certs.server).build(), 50, "127.0.0.1");
        int tlsPort = ((IPv4Address) tls.getHost()).port();
        ClientContextFactory tlsClient = ClientContextFactory.builder().trustAnchors(certs.ca).build();
        // The TLS engine's delegated tasks run on the pool, which only run() starts by itself.
        reactor.getThreadPool().start();

        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Sample first = null;
        int rounds = 0;
        while (rounds < 2 || System.nanoTime() < deadline) {
            round(reactor, tcpPort, unixPath, udpPort, tlsPort, tlsClient);
            rounds++;
            if (rounds == 1) {
                first = sample();
            }
        }
        Sample last = sample();
        System.out.printf("soak: %d rounds in %d s, %,d bytes checked, %d failures%n  first %s%n  last  %s%n",
                rounds, seconds, checkedBytes, failures, first, last);
        assertThat(failures).as("connections, datagrams or processes that lost or changed bytes").isZero();
        assertThat(last.fds()).as("descriptors").isEqualTo(first.fds());
        // Bounded caches fill during the run: the JDK's TLS client session cache (20,480 sessions at most) and the
        // log capture's 10,000 records; a leak grows past them (a connection leaked per round is ~0.5 GB a minute).
        assertThat(last.heap() - first.heap()).as("heap growth (bytes)").isLessThan(32L << 20);
        // The write-chunk pool may keep up to 4 MiB of idle chunks, whichever round filled it.
        assertThat(last.twineNative() - first.twineNative()).as("Twine's native memory growth (bytes)")
                .isLessThanOrEqualTo(4L << 20);
        assertThat(last.jvmNativeCommitted() - first.jvmNativeCommitted()).as("NMT committed growth outside the heap (KB)")
                .isLessThan(first.jvmNativeCommitted() / 10);
        List<dev.twine.internet.defer.Deferred<?>> stops = List.of(udpEcho.stopListening(), tls.stopListening(),
                tcp.stopListening(), unix.stopListening());
        boolean[] stopped = new boolean[1];
        dev.twine.internet.defer.Deferred.gatherResults(stops).addCallback(v -> {
            stopped[0] = true;
            return v;
        });
        Reactors.iterateUntil(reactor, 10, () -> stopped[0]);
    }

    private void round(EPollReactor reactor, int tcpPort, String unixPath, int udpPort, int tlsPort,
            ClientContextFactory tlsClient) {
        List<Checker> checkers = new ArrayList<>();
        String parts = System.getProperty("twine.soak.parts", "tcp,unix,udp,process,tls");
        for (int i = 0; i < TLS_CONNECTIONS && parts.contains("tls"); i++) {
            Checker s = new Checker(randomBytes(1 + random.nextInt(256 * 1024)));
            checkers.add(s);
            reactor.connectSSL("localhost", tlsPort, ClientFactory.forProtocol(() -> s), tlsClient);
        }
        for (int i = 0; i < CONNECTIONS; i++) {
            if (!parts.contains("tcp")) {
                break;
            }
            Checker t = new Checker(randomBytes(1 + random.nextInt(256 * 1024)));
            checkers.add(t);
            reactor.connectTCP("127.0.0.1", tcpPort, ClientFactory.forProtocol(() -> t));
        }
        for (int i = 0; i < CONNECTIONS && parts.contains("unix"); i++) {
            Checker u = new Checker(randomBytes(1 + random.nextInt(256 * 1024)));
            checkers.add(u);
            reactor.connectUNIX(unixPath, ClientFactory.forProtocol(() -> u));
        }
        UdpWindow udp = new UdpWindow(new InetSocketAddress("127.0.0.1", udpPort), parts.contains("udp") ? DATAGRAMS : 0);
        IUDPTransport sender = reactor.listenUDP(0, udp, "127.0.0.1", 65536);
        List<CatCheck> cats = new ArrayList<>();
        for (int i = 0; i < PROCESSES && parts.contains("process"); i++) {
            CatCheck cat = new CatCheck(randomBytes(1 + random.nextInt(512 * 1024)));
            cats.add(cat);
            reactor.spawnProcess(cat, "/bin/cat", List.of("cat"));
        }
        Reactors.iterateUntil(reactor, 120, () -> checkers.stream().allMatch(c -> c.done) && udp.finished()
                && cats.stream().allMatch(c -> c.ended));
        sender.stopListening();
        Reactors.settle(reactor);
    }

    /** Keeps 32 datagrams in flight until {@link #DATAGRAMS} came back, checking each by content. */
    private final class UdpWindow extends DatagramProtocol {
        private final InetSocketAddress to;
        private final int total;
        private final List<byte[]> inFlight = new ArrayList<>();
        private int sent;
        private int back;

        UdpWindow(InetSocketAddress to, int total) {
            this.to = to;
            this.total = total;
        }

        @Override
        public void startProtocol() {
            for (int i = 0; i < 32; i++) {
                sendOne();
            }
        }

        private void sendOne() {
            if (sent < total) {
                byte[] d = randomBytes(1 + random.nextInt(1400));
                inFlight.add(d);
                sent++;
                transport().write(d, to);
            }
        }

        @Override
        public void datagramReceived(byte[] datagram, IAddress addr) {
            byte[] expected = inFlight.isEmpty() ? null : inFlight.remove(0);
            if (expected == null || !java.util.Arrays.equals(expected, datagram)) {
                failures++;
            } else {
                checkedBytes += datagram.length;
            }
            back++;
            sendOne();
        }

        boolean finished() {
            return back == total;
        }
    }

    /** Writes a payload to {@code cat} and expects the same on its stdout, then exit 0. */
    private final class CatCheck extends ProcessProtocol {
        private final byte[] payload;
        private final CRC32C received = new CRC32C();
        private long count;
        boolean ended;

        CatCheck(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public void connectionMade() {
            processTransport().write(payload);
            processTransport().closeStdin();
        }

        @Override
        public void outReceived(byte[] data) {
            received.update(data);
            count += data.length;
        }

        @Override
        public void processEnded(Failure reason) {
            CRC32C sent = new CRC32C();
            sent.update(payload);
            boolean exitedZero = reason.value() instanceof dev.twine.internet.error.ProcessDone;
            if (exitedZero && count == payload.length && sent.getValue() == received.getValue()) {
                checkedBytes += count;
            } else {
                failures++;
            }
            ended = true;
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Sample sample() throws IOException, InterruptedException {
        long[] heaps = new long[3];
        for (int i = 0; i < heaps.length; i++) {
            System.gc();
            heaps[i] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        return new Sample(java.util.Arrays.stream(heaps).min().orElseThrow(), ResourceSnapshot.openFds().size(),
                ResourceSnapshot.nativeBytes(), nmtCommittedKb());
    }

    /**
     * The JVM's committed memory outside the Java heap in KB, from Native Memory Tracking (the soak run turns it on):
     * the heap's own size follows the collector's sizing, and the heap is judged by what is live in it instead.
     */
    private static long nmtCommittedKb() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(ProcessHandle.current().pid()),
                "VM.native_memory", "summary").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB").matcher(out);
        assertThat(m.find()).as("NMT summary (run with -XX:NativeMemoryTracking=summary): %s", out).isTrue();
        Matcher heap = Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)").matcher(out);
        assertThat(heap.find()).as("NMT Java Heap line: %s", out).isTrue();
        return Long.parseLong(m.group(2)) - Long.parseLong(heap.group(2));
    }
}
