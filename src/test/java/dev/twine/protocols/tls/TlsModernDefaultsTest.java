package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.TLSError;
import dev.twine.internet.interfaces.ITLSContextFactory;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unless told otherwise, both context factories allow TLS 1.3 and TLS 1.2, and in TLS 1.2 only ECDHE key exchange
 * with AEAD encryption (GCM, ChaCha20-Poly1305): no CBC, no finite-field DHE, no static RSA. Explicit settings still
 * win.
 */
@Timeout(60)
class TlsModernDefaultsTest extends TlsTestBase {

    static void assertModern(SSLEngine engine) {
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).isNotEmpty()
                .contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")
                .allMatch(s -> s.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")
                        || (s.contains("_GCM_") || s.contains("_CHACHA20_POLY1305_"))
                        && (!s.contains("_WITH_") || s.startsWith("TLS_ECDHE_")));
    }

    @Test
    void enginesOfferOnlyModernVersionsAndSuites() {
        assertModern(serverContext(b -> b).createEngine(null, -1));
        assertModern(trustingTestCa().build().createEngine("localhost", 443));
    }

    /** One connection whose client offers only {@code suite} over TLS 1.2; returns {client, server}. */
    private TlsPeer[] tls12With(ITLSContextFactory server, String suite) {
        TlsPeer[] serverPeer = {null};
        int port = listen(server, () -> serverPeer[0] = new TlsPeer());
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> p.transport.loseConnection();
        connect("localhost", port, trustingTestCa().protocols("TLSv1.2").cipherSuites(suite).build(), client);
        runUntil(() -> client.isLost() && serverPeer[0] != null && serverPeer[0].isLost());
        return new TlsPeer[] {client, serverPeer[0]};
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"})
    void aClientOfferingOnlyAnOldSuiteIsRefused(String suite) {
        TlsPeer[] pair = tls12With(serverContext(b -> b), suite);
        assertThat(pair[0].handshakeDone).isFalse();
        assertThat(pair[1].handshakeDone).isFalse();
        assertThat(pair[1].reason()).isInstanceOf(TLSError.class).hasMessageContaining("cipher suites");
        assertThat(pair[0].reason()).isInstanceOf(TLSError.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"})
    void aClientOfferingEcdheWithAeadOverTls12Connects(String suite) {
        TlsPeer[] pair = tls12With(serverContext(b -> b), suite);
        assertThat(pair[0].handshakeDone).isTrue();
        assertThat(pair[1].handshakeDone).isTrue();
        assertThat(pair[1].tls().getCipherSuite()).isEqualTo(suite);
        assertThat(pair[1].tls().getProtocolVersion()).isEqualTo("TLSv1.2");
    }

    @Test
    void anExplicitSuiteListStillWins() {
        String cbc = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256";
        TlsPeer[] pair = tls12With(serverContext(b -> b.cipherSuites(cbc)), cbc);
        assertThat(pair[1].handshakeDone).isTrue();
        assertThat(pair[1].tls().getCipherSuite()).isEqualTo(cbc);
        assertThat(serverContext(b -> b.protocols("TLSv1.3")).createEngine(null, -1).getEnabledProtocols())
                .containsExactly("TLSv1.3");
    }

    /** openssl clients that offer only what the defaults leave out are refused; the modern one connects. */
    @ParameterizedTest
    @ValueSource(strings = {"-tls1_1 -cipher DEFAULT@SECLEVEL=0", "-tls1_2 -cipher AES128-SHA",
        "-tls1_2 -cipher ECDHE-RSA-AES128-SHA256", "-tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256",
        "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256"})
    void openSslClients(String options) throws Exception {
        boolean modern = options.endsWith("ECDHE-RSA-AES128-GCM-SHA256");
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> server[0] = new TlsPeer());
        List<String> command = new java.util.ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", certs.ca.toString(), "-brief"));
        command.addAll(List.of(options.split(" ")));
        try (OpenSslProcess client = new OpenSslProcess(certs.dir, command.toArray(new String[0]))) {
            if (modern) {
                runUntil(() -> client.printed("CONNECTION ESTABLISHED"));
                runUntil(() -> server[0] != null && server[0].handshakeDone);
                client.closeInput();
                runUntil(server[0]::isLost);
            } else {
                runUntil(client::exited);
                assertThat(client.output()).doesNotContain("CONNECTION ESTABLISHED");
                runUntil(() -> server[0] == null || server[0].isLost());
                if (server[0] != null) {
                    assertThat(server[0].handshakeDone).isFalse();
                    assertThat(server[0].reason()).isInstanceOf(TLSError.class);
                }
            }
        }
    }
}
