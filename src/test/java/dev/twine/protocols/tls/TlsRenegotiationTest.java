package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.TLSError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TLS 1.2 client that renegotiates ({@code openssl s_client}'s {@code R} command) is aborted by a Twine server
 * unless the server allows it; the JDK's own switch for this is a global system property, so the layer refuses
 * per connection.
 */
@Timeout(60)
class TlsRenegotiationTest extends TlsTestBase {

    private OpenSslProcess tls12Client(int port) throws Exception {
        return new OpenSslProcess(certs.dir, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2",
                "-CAfile", certs.ca.toString(), "-verify_return_error", "-servername", "localhost");
    }

    @Test
    void aClientStartingASecondHandshakeIsAborted() throws Exception {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> server[0] = new TlsPeer());
        try (OpenSslProcess client = tls12Client(port)) {
            runUntil(() -> server[0] != null && server[0].handshakeDone);
            client.send("before\n");
            runUntil(() -> server[0].text().equals("before\n"));
            client.send("R\n");
            runUntil(() -> server[0].isLost());
            assertThat(server[0].reason()).isInstanceOf(TLSError.class)
                    .hasMessageContaining("renegotiation refused").hasMessageContaining("TLSv1.2");
            runUntil(client::exited);
            assertThat(server[0].text()).isEqualTo("before\n");
        }
        settle();
        assertThat(reactor().getDelayedCalls()).isEmpty();
    }

    /**
     * An allowed renegotiation has a deadline of its own: a client that sends the second ClientHello and then
     * nothing is aborted once the handshake timeout passes, as in a first handshake. (2 s: this client runs its
     * engine's tasks on the test's thread, and a first handshake in a cold JVM can take longer than 0.3 s.)
     */
    @Test
    void anAllowedRenegotiationThatStallsTimesOut() throws Exception {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b.allowClientRenegotiation(true)
                .handshakeTimeout(java.time.Duration.ofSeconds(2))), () -> server[0] = new TlsPeer());
        javax.net.ssl.SSLEngine engine = trustingTestCa().protocols("TLSv1.2").build().createEngine("localhost", port);
        RawPeer raw = new RawPeer(fixture.fds(), port);
        try {
            EngineClient client = new EngineClient(engine, raw);
            engine.beginHandshake();
            runUntil(() -> {
                try {
                    client.pump();
                } catch (javax.net.ssl.SSLException e) {
                    throw new AssertionError(e);
                }
                if (server[0] != null && server[0].isLost()) {
                    throw new AssertionError("first handshake: " + server[0].lost.value(), server[0].lost.value());
                }
                return server[0] != null && server[0].handshakeDone
                        && engine.getHandshakeStatus() == javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
            });
            settle();
            assertThat(reactor().getDelayedCalls()).isEmpty();
            engine.beginHandshake();
            client.wrap(); // the second ClientHello; then silence
            long start = System.nanoTime();
            runUntil(raw::pump, 10);
            assertThat((System.nanoTime() - start) / 1e9).isGreaterThan(1.9);
            runUntil(server[0]::isLost);
            assertThat(server[0].reason()).isInstanceOf(TLSError.class)
                    .hasMessageContaining("renegotiation timed out after 2000 ms")
                    .hasCauseInstanceOf(dev.twine.internet.error.TimeoutError.class);
        } finally {
            raw.close();
        }
        settle();
        assertThat(reactor().getDelayedCalls()).isEmpty();
    }

    @Test
    void aServerThatAllowsItRenegotiatesAndGoesOn() throws Exception {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b.allowClientRenegotiation(true)), () -> server[0] = new TlsPeer());
        try (OpenSslProcess client = tls12Client(port)) {
            runUntil(() -> server[0] != null && server[0].handshakeDone);
            client.send("R\n");
            runUntil(() -> client.printed("RENEGOTIATING"));
            client.send("after\n");
            runUntil(() -> server[0].text().equals("after\n"));
            assertThat(server[0].isLost()).isFalse();
            assertThat(reactor().getDelayedCalls()).as("the renegotiation's deadline, cancelled").isEmpty();
            client.closeInput();
            runUntil(() -> server[0].isLost());
            assertThat(server[0].reason()).as(client.output()).isInstanceOf(ConnectionDone.class);
        }
    }
}
