package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IPushProducer;
import dev.twine.internet.interfaces.ITransport;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Twine server and Twine client over TLS: what goes in comes out, byte for byte, and both ends close cleanly. */
@Timeout(120)
class TlsRoundTripTest extends TlsTestBase {

    /** Writes 64 KiB blocks of random data until {@code total}, paused and resumed by the transport. */
    static final class RandomSource implements IPushProducer {
        final ITransport transport;
        final long total;
        final byte[] block = new byte[64 * 1024];
        final SplittableRandom random = new SplittableRandom(42);
        final MessageDigest digest;
        long sent;
        boolean paused;
        int pauses;

        RandomSource(ITransport transport, long total) throws Exception {
            this.transport = transport;
            this.total = total;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        void produce() {
            while (!paused && sent < total) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, total - sent);
                digest.update(block, 0, n);
                transport.write(ByteBuffer.wrap(block, 0, n));
                sent += n;
            }
            if (sent == total && !paused) {
                paused = true;
                transport.unregisterProducer();
                transport.loseConnection();
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            produce();
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    @Test
    void linesGoBothWaysAndWhatWasNegotiatedIsKnown() {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b.applicationProtocols("h2", "http/1.1")), () -> {
            TlsPeer p = new TlsPeer();
            p.onData = d -> p.transport.write(("echo " + new String(d)).getBytes());
            server[0] = p;
            return p;
        });
        TlsPeer client = new TlsPeer();
        client.onMade = p -> p.transport.write("hello".getBytes()); // before the handshake: kept, then sent
        connect("localhost", port, trustingTestCa().applicationProtocols("http/1.1").build(), client);
        runUntil(() -> client.text().equals("echo hello"));
        assertThat(client.handshakeDone).isTrue();
        assertThat(server[0].handshakeDone).isTrue();
        assertThat(client.tls().getProtocolVersion()).isEqualTo("TLSv1.3");
        assertThat(client.tls().getCipherSuite()).startsWith("TLS_");
        assertThat(client.tls().getNegotiatedProtocol()).isEqualTo("http/1.1");
        assertThat(server[0].tls().getNegotiatedProtocol()).isEqualTo("http/1.1");
        assertThat(((X509Certificate) client.tls().getPeerCertificate()).getSubjectX500Principal().getName())
                .isEqualTo("CN=localhost");
        assertThat(server[0].tls().getPeerCertificate()).isNull();
        client.transport.loseConnection();
        runUntil(() -> client.isLost() && server[0].isLost());
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
        assertThat(server[0].reason()).isInstanceOf(ConnectionDone.class);
    }

    /** A reactor only ever iterated, whose pool never started: the engine's tasks run on the reactor's thread. */
    @Test
    void handshakesCompleteWithoutAThreadPool() {
        reactor().getThreadPool().stop();
        assertThat(reactor().getThreadPool().started()).isFalse();
        TlsPeer[] server = {null};
        var port = reactor().listenSSL(0, dev.twine.internet.protocol.Factory.forProtocol(() -> {
            TlsPeer p = new TlsPeer();
            p.onData = d -> p.transport.write(d);
            return server[0] = p;
        }), serverContext(b -> b), 50, "127.0.0.1");
        ports.add(port);
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> p.transport.write("no pool".getBytes());
        connect("127.0.0.1", ((dev.twine.internet.address.IPv4Address) port.getHost()).port(),
                trustingTestCa().hostName("localhost").build(), client);
        runUntil(() -> client.text().equals("no pool"));
        client.transport.loseConnection();
        runUntil(() -> client.isLost() && server[0].isLost());
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
    }

    /** The TLS layer is the transport user code holds: a call from another thread is refused and changes nothing. */
    @Test
    void aTlsTransportRefusesAnotherThread() throws Exception {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> {
            TlsPeer p = new TlsPeer();
            p.onData = d -> {
                if (p.text().equals("after")) {
                    reactor().stop();
                }
            };
            return server[0] = p;
        });
        java.util.List<String> accepted = new java.util.ArrayList<>();
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> {
            dev.twine.internet.interfaces.ITCPTransport t = (dev.twine.internet.interfaces.ITCPTransport) p.transport;
            java.util.Map<String, Runnable> calls = new java.util.LinkedHashMap<>();
            calls.put("write", () -> t.write("foreign".getBytes()));
            calls.put("writeSequence", () -> t.writeSequence(java.util.List.of("x".getBytes())));
            calls.put("loseConnection", t::loseConnection);
            calls.put("abortConnection", t::abortConnection);
            calls.put("pauseProducing", ((IPushProducer) t)::pauseProducing);
            calls.put("setTcpNoDelay", () -> t.setTcpNoDelay(true));
            Thread foreign = new Thread(() -> calls.forEach((name, call) -> {
                try {
                    call.run();
                    accepted.add(name);
                } catch (dev.twine.internet.error.ReactorWrongThread expected) {
                    // refused, as it must be
                }
            }), "not-the-reactor");
            foreign.start();
            try {
                foreign.join(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            p.transport.write("after".getBytes());
        };
        connect("127.0.0.1", port, trustingTestCa().hostName("localhost").build(), client);
        dev.twine.testing.Reactors.run(reactor());
        assertThat(accepted).as("calls from another thread that were not refused").isEmpty();
        assertThat(server[0].text()).isEqualTo("after");
    }

    @Test
    void overIpv6Loopback() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dev.twine.testing.ResourceSnapshot.ipv6Loopback(dev.twine.internal.sys.Sockets.SOCK_STREAM),
                "no ::1 here");
        TlsPeer[] server = {null};
        var port = reactor().listenSSL(0, dev.twine.internet.protocol.Factory.forProtocol(() -> {
            TlsPeer p = new TlsPeer();
            p.onData = d -> p.transport.write(d);
            return server[0] = p;
        }), serverContext(b -> b), 50, "::1");
        ports.add(port);
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> p.transport.write("over six".getBytes());
        connect("::1", ((dev.twine.internet.address.IPv6Address) port.getHost()).port(),
                trustingTestCa().hostName("localhost").build(), client);
        runUntil(() -> client.text().equals("over six"));
        client.transport.loseConnection();
        runUntil(() -> client.isLost() && server[0].isLost());
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sixtyFourMebibytesArriveByteForByte(String version) throws Exception {
        long total = 64L << 20;
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b.protocols(version)), () -> {
            TlsPeer p = new TlsPeer();
            p.keep = false;
            server[0] = p;
            return p;
        });
        TlsPeer client = new TlsPeer();
        RandomSource[] source = {null};
        client.onHandshake = p -> {
            try {
                source[0] = new RandomSource(p.transport, total);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            p.transport.registerProducer(source[0], true);
            source[0].produce();
        };
        connect("127.0.0.1", port, trustingTestCa().build(), client);
        runUntil(() -> server[0] != null && server[0].isLost() && client.isLost(), 90);
        assertThat(server[0].reason()).isInstanceOf(ConnectionDone.class);
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
        assertThat(server[0].receivedBytes).isEqualTo(total);
        assertThat(server[0].digest.digest()).isEqualTo(source[0].digest.digest());
        assertThat(server[0].tls().getProtocolVersion()).isEqualTo(version);
        assertThat(client.tls().getProtocolVersion()).isEqualTo(version);
        assertThat(source[0].pauses).as("the producer was paused by the transport").isPositive();
    }
}
