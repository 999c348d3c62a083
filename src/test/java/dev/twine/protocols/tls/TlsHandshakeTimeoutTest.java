package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.error.TLSError;
import dev.twine.internet.error.TimeoutError;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.internet.ssl.ServerContextFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that stall or send garbage cannot hold a TLS connection: every handshake that does not finish within the
 * handshake timeout is aborted (the protocol hears a {@link TLSError} caused by a {@link TimeoutError}), every one
 * that fails is closed, and no timer is left behind. The peers are bare sockets on loopback ({@link RawPeer}).
 */
@Timeout(60)
class TlsHandshakeTimeoutTest extends TlsTestBase {
    private static final Duration SHORT = Duration.ofMillis(300);

    private final List<TlsPeer> servers = new ArrayList<>();

    /** A TLS server on 127.0.0.1 with room in its accept queue for every peer at once; its port. */
    private int listenFor(ServerContextFactory context) {
        IListeningPort port = reactor().listenSSL(0, Factory.forProtocol(() -> {
            TlsPeer p = new TlsPeer();
            servers.add(p);
            return p;
        }), context, 1024, "127.0.0.1");
        ports.add(port);
        return ((IPv4Address) port.getHost()).port();
    }

    /** The first flight of a real client: its ClientHello record, as a JDK client engine writes it. */
    static byte[] clientHello() throws Exception {
        SSLEngine client = trustingTestCa().build().createEngine("localhost", 443);
        client.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] record = new byte[out.remaining()];
        out.get(record);
        return record;
    }

    /** Starts one raw peer per case, then runs until the server has closed them all; returns the seconds taken. */
    private double allClosed(int port, Map<String, byte[]> cases, double bound) {
        Map<String, RawPeer> peers = new LinkedHashMap<>();
        cases.forEach((name, bytes) -> peers.put(name, new RawPeer(fixture.fds(), port).send(bytes)));
        long start = System.nanoTime();
        try {
            long deadline = start + (long) (bound * 1e9);
            while (true) {
                List<String> open = new ArrayList<>();
                peers.forEach((name, peer) -> {
                    if (!peer.pump()) {
                        open.add(name);
                    }
                });
                if (open.isEmpty()) {
                    break;
                }
                assertThat(System.nanoTime()).as("still open after %s s: %s", bound, open).isLessThan(deadline);
                reactor().iterate(0.01);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            peers.values().forEach(RawPeer::close);
        }
    }

    private void assertEveryServerSideEndedWithATlsError(int expected) {
        runUntil(() -> servers.size() == expected && servers.stream().allMatch(TlsPeer::isLost));
        for (TlsPeer s : servers) {
            assertThat(s.reason()).isInstanceOf(TLSError.class);
            assertThat(s.handshakeDone).isFalse();
        }
        settle();
        assertThat(reactor().getDelayedCalls()).as("no handshake timer left behind").isEmpty();
    }

    /**
     * The stalls: silent, a truncated record header, a header announcing 16 KiB and then nothing, half a
     * ClientHello, and a whole ClientHello whose server flight is never answered. 200 of them at once are all
     * aborted once the 0.3 s timeout passes.
     */
    @Test
    void twoHundredStalledHandshakesAreAbortedAtTheTimeout() throws Exception {
        int port = listenFor(serverContext(b -> b.handshakeTimeout(SHORT)));
        byte[] hello = clientHello();
        Map<String, byte[]> stalls = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            stalls.put("silent " + i, new byte[0]);
            stalls.put("3-byte record header " + i, new byte[] {0x16, 3, 1});
            stalls.put("16 KiB record header then silence " + i, new byte[] {0x16, 3, 1, 0x40, 0});
            stalls.put("half a ClientHello " + i, Arrays.copyOf(hello, hello.length / 2));
            stalls.put("ClientHello, server flight unanswered " + i, hello);
        }
        double seconds = allClosed(port, stalls, 5);
        System.out.printf("TLS: 200 stalled handshakes, 0.3 s timeout: all closed after %.2f s%n", seconds);
        assertThat(seconds).as("closed after the timeout, not before").isGreaterThanOrEqualTo(0.28);
        assertEveryServerSideEndedWithATlsError(200);
        for (TlsPeer s : servers) {
            assertThat(s.reason()).hasMessageContaining("timed out after 300 ms")
                    .hasCauseInstanceOf(TimeoutError.class);
        }
    }

    /**
     * Garbage of every kind, whether the engine refuses it at once (an HTTP request, an SSLv2 hello, zero-length
     * records, an oversized record, a ClientHello with garbage inside) or waits for more than ever comes (random
     * bytes that start a long record, a corrupted but parseable ClientHello): every connection is closed within
     * the timeout.
     */
    @Test
    void everyKindOfGarbageEndsClosedWithinTheTimeout() throws Exception {
        int port = listenFor(serverContext(b -> b.handshakeTimeout(SHORT)));
        Map<String, byte[]> garbage = garbage(new Random(12));
        double seconds = allClosed(port, garbage, 5);
        System.out.printf("TLS: %d kinds of garbage, 0.3 s timeout: all closed after %.2f s%n", garbage.size(),
                seconds);
        assertEveryServerSideEndedWithATlsError(garbage.size());
    }

    /** What the engine can refuse on sight is closed at once, long before a 30 s timeout. */
    @Test
    void malformedRecordsAreClosedAtOnceNotAtTheTimeout() throws Exception {
        int port = listenFor(serverContext(b -> b.handshakeTimeout(Duration.ofSeconds(30))));
        Map<String, byte[]> refused = refusedOnSight(clientHello());
        double seconds = allClosed(port, refused, 5);
        System.out.printf("TLS: %d malformed openings, 30 s timeout: all closed after %.2f s%n", refused.size(),
                seconds);
        assertEveryServerSideEndedWithATlsError(refused.size());
        for (TlsPeer s : servers) {
            assertThat(s.reason()).hasMessageStartingWith("TLS handshake failed");
        }
    }

    /** Without a setting, a silent client is aborted after the default 10 s. */
    @Test
    void theDefaultTimeoutIsTenSeconds() {
        int port = listenFor(serverContext(b -> b));
        double seconds = allClosed(port, Map.of("silent", new byte[0]), 20);
        assertThat(seconds).isBetween(9.8, 15.0);
        assertEveryServerSideEndedWithATlsError(1);
        assertThat(servers.get(0).reason()).hasMessageContaining("timed out after 10000 ms");
    }

    /** A client whose server accepts and never answers gives up at its own timeout. */
    @Test
    void aClientWhoseServerNeverAnswersTimesOut() {
        List<dev.twine.python.Failure> silentLost = new ArrayList<>();
        IListeningPort mute = reactor().listenTCP(0, Factory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionLost(dev.twine.python.Failure reason) {
                silentLost.add(reason);
            }
        }), 50, "127.0.0.1");
        ports.add(mute);
        TlsPeer client = new TlsPeer();
        long start = System.nanoTime();
        connect("localhost", ((IPv4Address) mute.getHost()).port(),
                trustingTestCa().handshakeTimeout(SHORT).build(), client);
        runUntil(client::isLost, 5);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).isBetween(0.29, 5.0);
        assertThat(client.made).isTrue();
        assertThat(client.reason()).isInstanceOf(TLSError.class).hasMessageContaining("timed out")
                .hasCauseInstanceOf(TimeoutError.class);
        runUntil(() -> silentLost.size() == 1);
        settle();
        assertThat(reactor().getDelayedCalls()).isEmpty();
    }

    /** Handshakes that finish or fail cancel their timers: the reactor's delayed calls do not grow. */
    @Test
    void finishedAndFailedHandshakesLeaveNoTimer() {
        int port = listenFor(serverContext(b -> b.handshakeTimeout(Duration.ofSeconds(30))));
        List<TlsPeer> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TlsPeer client = new TlsPeer();
            clients.add(client);
            connect("localhost", port, trustingTestCa().handshakeTimeout(Duration.ofSeconds(30)).build(), client);
        }
        runUntil(() -> clients.stream().allMatch(c -> c.handshakeDone) && servers.size() == 20
                && servers.stream().allMatch(s -> s.handshakeDone));
        settle();
        assertThat(reactor().getDelayedCalls()).as("timers of finished handshakes").isEmpty();
        clients.forEach(c -> c.transport.loseConnection());
        runUntil(() -> clients.stream().allMatch(TlsPeer::isLost) && servers.stream().allMatch(TlsPeer::isLost));

        // Failed: the client does not trust the server.
        TlsPeer refusing = new TlsPeer();
        connect("localhost", port, dev.twine.internet.ssl.ClientContextFactory.builder().build(), refusing);
        runUntil(() -> refusing.isLost() && servers.size() == 21 && servers.get(20).isLost());
        assertThat(refusing.reason()).isInstanceOf(TLSError.class).hasMessageContaining("PKIX");
        settle();
        assertThat(reactor().getDelayedCalls()).as("timers of failed handshakes").isEmpty();
    }

    static Map<String, byte[]> refusedOnSight(byte[] hello) {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("an HTTP request", "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
        cases.put("an SSLv2 ClientHello", sslv2Hello());
        cases.put("zero-length handshake records", new byte[] {0x16, 3, 3, 0, 0, 0x16, 3, 3, 0, 0});
        cases.put("a zero-length application data record", new byte[] {0x17, 3, 3, 0, 0});
        cases.put("a zero-length alert record", new byte[] {0x15, 3, 3, 0, 0});
        cases.put("a zero-length change_cipher_spec record", new byte[] {0x14, 3, 3, 0, 0});
        cases.put("a record announcing 64 KiB", new byte[] {0x16, 3, 3, (byte) 0xff, (byte) 0xff, 1, 2, 3});
        cases.put("application data before the handshake", new byte[] {0x17, 3, 3, 0, 3, 1, 2, 3});
        cases.put("an unknown record type", new byte[] {0x42, 3, 3, 0, 1, 0});
        byte[] wrongType = hello.clone();
        wrongType[5] = 2; // a ServerHello from a client
        cases.put("a ServerHello from the client", wrongType);
        byte[] shortBody = hello.clone();
        shortBody[6] = 0; // handshake length 0..: the body says less than the record holds
        shortBody[7] = 0;
        shortBody[8] = 4;
        cases.put("a ClientHello whose length is too short", shortBody);
        return cases;
    }

    static Map<String, byte[]> garbage(Random random) throws Exception {
        byte[] hello = clientHello();
        Map<String, byte[]> cases = new LinkedHashMap<>(refusedOnSight(hello));
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[1 + random.nextInt(600)];
            random.nextBytes(b);
            cases.put("random bytes " + i, b);
        }
        for (int i = 0; i < 40; i++) {
            byte[] b = hello.clone();
            int from = 5 + random.nextInt(b.length - 5);
            for (int j = from; j < b.length; j++) {
                b[j] = (byte) random.nextInt();
            }
            cases.put("a ClientHello prefix then garbage from byte " + from + " (" + i + ")", b);
        }
        for (int i = 0; i < 40; i++) {
            byte[] b = hello.clone();
            b[5 + random.nextInt(b.length - 5)] ^= (byte) (1 + random.nextInt(255));
            cases.put("a ClientHello with a corrupted byte " + i, b);
        }
        byte[] warnings = new byte[7 * 200];
        for (int i = 0; i < 200; i++) {
            System.arraycopy(new byte[] {0x15, 3, 3, 0, 2, 1, 90}, 0, warnings, i * 7, 7);
        }
        cases.put("200 user_canceled warnings", warnings);
        return cases;
    }

    /** An SSLv2-format CLIENT-HELLO (as old clients sent), which the JDK server does not accept by default. */
    static byte[] sslv2Hello() {
        byte[] body = {
            0x01, 0x03, 0x01, 0x00, 0x09, 0x00, 0x00, 0x00, 0x10,
            0x00, 0x00, 0x2f, 0x00, 0x00, 0x35, 0x00, 0x00, 0x0a,
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        byte[] record = new byte[2 + body.length];
        record[0] = (byte) (0x80 | (body.length >> 8));
        record[1] = (byte) body.length;
        System.arraycopy(body, 0, record, 2, body.length);
        return record;
    }
}
