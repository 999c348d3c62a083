package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.TLSError;
import dev.twine.internet.ssl.ClientAuthentication;
import dev.twine.internet.ssl.Pem;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Twine against a real TLS peer: {@code openssl s_server} and {@code openssl s_client}, run as children on loopback
 * with the throwaway certificates. Each waits on the child's output, never on time.
 */
@Timeout(60)
class TlsOpenSslInteropTest extends TlsTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_3", "-tls1_2"})
    void twineClientTalksToOpenSslServer(String version) throws Exception {
        try (OpenSslProcess server = new OpenSslProcess(certs.dir, "s_server", "-accept", "127.0.0.1:0",
                "-cert", certs.server.toString(), "-key", certs.serverKey.toString(), "-rev", "-naccept", "1",
                version, "-alpn", "h2,http/1.1")) {
            runUntil(() -> server.lineStartingWith("ACCEPT") != null);
            String accept = server.lineStartingWith("ACCEPT");
            int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1).trim());

            TlsPeer client = new TlsPeer();
            client.onHandshake = p -> p.transport.write("twine says hello\n".getBytes(StandardCharsets.US_ASCII));
            connect("127.0.0.1", port, trustingTestCa().hostName("localhost").applicationProtocols("http/1.1")
                    .build(), client);
            runUntil(() -> client.text().contains("olleh syas eniwt"));
            assertThat(client.tls().getProtocolVersion()).isEqualTo(version.equals("-tls1_3") ? "TLSv1.3"
                    : "TLSv1.2");
            assertThat(client.tls().getNegotiatedProtocol()).isEqualTo("http/1.1");
            // s_server -rev closes with close_notify on CLOSE: a clean end.
            client.transport.write("CLOSE\n".getBytes(StandardCharsets.US_ASCII));
            runUntil(client::isLost);
            assertThat(client.reason()).as(server.output()).isInstanceOf(ConnectionDone.class);
        }
    }

    @Test
    void openSslClientTalksToTwineServer() throws Exception {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> {
            TlsPeer p = new TlsPeer();
            p.onData = d -> p.transport.write(("twine heard " + new String(d, StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.US_ASCII));
            return server[0] = p;
        });
        try (OpenSslProcess client = new OpenSslProcess(certs.dir, "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", certs.ca.toString(), "-verify_return_error", "-verify_hostname", "localhost",
                "-servername", "localhost", "-brief")) {
            runUntil(() -> client.printed("CONNECTION ESTABLISHED"));
            client.send("ping\n");
            runUntil(() -> client.printed("twine heard ping"));
            assertThat(client.output()).contains("Verification: OK").contains("TLSv1.3");
            client.closeInput(); // s_client answers the end of its input with close_notify
            runUntil(() -> server[0] != null && server[0].isLost());
            assertThat(server[0].reason()).isInstanceOf(ConnectionDone.class);
            assertThat(server[0].tls().getPeerCertificate()).isNull();
        }
    }

    @Test
    void openSslClientWithACertificateAgainstATwineServerThatRequiresOne() throws Exception {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b.clientAuthentication(ClientAuthentication.REQUIRE,
                Pem.certificates(certs.ca))), () -> {
                    TlsPeer p = new TlsPeer();
                    p.onData = d -> p.transport.write("welcome\n".getBytes(StandardCharsets.US_ASCII));
                    return server[0] = p;
                });
        try (OpenSslProcess client = new OpenSslProcess(certs.dir, "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", certs.ca.toString(), "-verify_return_error", "-cert", certs.client.toString(), "-key",
                certs.clientKey.toString(), "-brief")) {
            runUntil(() -> client.printed("CONNECTION ESTABLISHED"));
            client.send("me\n");
            runUntil(() -> client.printed("welcome"));
            assertThat(((X509Certificate) server[0].tls().getPeerCertificate()).getSubjectX500Principal()
                    .getName()).isEqualTo("CN=twine-client");
            client.closeInput();
            runUntil(server[0]::isLost);
            assertThat(server[0].reason()).isInstanceOf(ConnectionDone.class);
        }

        // The same server refuses s_client without a certificate.
        TlsPeer[] refused = {null};
        int port2 = listen(serverContext(b -> b.clientAuthentication(ClientAuthentication.REQUIRE,
                Pem.certificates(certs.ca))), () -> refused[0] = new TlsPeer());
        try (OpenSslProcess client = new OpenSslProcess(certs.dir, "s_client", "-connect", "127.0.0.1:" + port2,
                "-CAfile", certs.ca.toString(), "-brief")) {
            runUntil(() -> refused[0] != null && refused[0].isLost());
            assertThat(refused[0].reason()).isInstanceOf(TLSError.class).hasMessageContaining("certificate");
            runUntil(client::exited);
        }
    }
}
