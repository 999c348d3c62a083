package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.ssl.ClientContextFactory;
import dev.twine.internet.ssl.Pem;
import dev.twine.internet.ssl.ServerContextFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The context factories and PEM reading, on keys and certificates openssl made; bad input named in the error. */
@Timeout(60)
class TlsContextFactoryTest extends TlsTestBase {

    @Test
    void readsTheUsualPemKeyForms() {
        assertThat(Pem.privateKey(certs.serverKey)).isInstanceOf(RSAPrivateKey.class);   // PKCS#1
        assertThat(Pem.privateKey(certs.clientKey)).isInstanceOf(ECPrivateKey.class);    // SEC1
        assertThat(Pem.privateKey(certs.caKey)).isInstanceOf(ECPrivateKey.class);        // PKCS#8
        assertThat(Pem.certificates(certs.server)).hasSize(1);
    }

    @Test
    void aSec1KeyMatchesItsCertificate() throws Exception {
        // The client's SEC1 key signs; its certificate's public key verifies: the curve was read right.
        var key = Pem.privateKey(certs.clientKey);
        var signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update("twine".getBytes());
        byte[] signature = signer.sign();
        signer.initVerify(Pem.certificates(certs.client).get(0).getPublicKey());
        signer.update("twine".getBytes());
        assertThat(signer.verify(signature)).isTrue();
    }

    @Test
    void badPemIsRefusedByName(@TempDir Path dir) throws Exception {
        Path encrypted = dir.resolve("encrypted.key");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Pem.privateKey(encrypted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted").hasMessageContaining(encrypted.toString());
        assertThatThrownBy(() -> Pem.privateKey(certs.server)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no private key").hasMessageContaining(certs.server.toString());
        assertThatThrownBy(() -> Pem.certificates(certs.serverKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no certificate");
        assertThatThrownBy(() -> ServerContextFactory.fromKey(Pem.privateKey(certs.serverKey), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientContextFactory.builder().hostName(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
        assertThatThrownBy(() -> ClientContextFactory.builder().applicationProtocols())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("application protocols");
    }

    @Test
    void enginesComeConfigured() {
        SSLEngine client = trustingTestCa().applicationProtocols("h2").protocols("TLSv1.2")
                .parameters(p -> p.setMaximumPacketSize(4096)).build().createEngine("localhost", 443);
        assertThat(client.getUseClientMode()).isTrue();
        assertThat(client.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(client.getSSLParameters().getApplicationProtocols()).containsExactly("h2");
        assertThat(client.getSSLParameters().getProtocols()).containsExactly("TLSv1.2");
        assertThat(client.getSSLParameters().getMaximumPacketSize()).isEqualTo(4096);
        assertThat(client.getPeerHost()).isEqualTo("localhost");

        SSLEngine insecure = ClientContextFactory.builder().insecureTrustAnyCertificate().build()
                .createEngine(null, -1);
        assertThat(insecure.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
        assertThatThrownBy(() -> ClientContextFactory.builder().build().createEngine(null, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host name");

        SSLEngine server = serverContext(b -> b).createEngine(null, -1);
        assertThat(server.getUseClientMode()).isFalse();
    }

    @Test
    void aServerFromAKeyStoreServes() throws Exception {
        char[] password = "store-pass".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", Pem.privateKey(certs.serverKey), password,
                Pem.certificates(certs.server).toArray(new java.security.cert.Certificate[0]));
        TlsPeer[] server = {null};
        int port = listen(ServerContextFactory.fromKeyStore(store, password).build(), () -> server[0] = new TlsPeer());
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> p.transport.loseConnection();
        connect("localhost", port, trustingTestCa().build(), client);
        runUntil(() -> client.isLost() && server[0] != null && server[0].isLost());
        assertThat(client.handshakeDone).isTrue();
    }

    @Test
    void connectionPoliciesHaveSafeDefaultsAndRefuseNonsense() {
        assertThat(serverContext(b -> b).handshakeTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(serverContext(b -> b).allowsClientRenegotiation()).isFalse();
        assertThat(trustingTestCa().build().handshakeTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        dev.twine.internet.interfaces.ITLSContextFactory custom = (host, port) -> null;
        assertThat(custom.handshakeTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(custom.allowsClientRenegotiation()).isFalse();
        assertThat(serverContext(b -> b.handshakeTimeout(java.time.Duration.ofMillis(1500))
                .allowClientRenegotiation(true)).handshakeTimeout()).isEqualTo(java.time.Duration.ofMillis(1500));
        for (java.time.Duration bad : new java.time.Duration[] {java.time.Duration.ZERO,
            java.time.Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> trustingTestCa().handshakeTimeout(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive")
                    .hasMessageContaining(bad.toString());
        }
        assertThatThrownBy(() -> trustingTestCa().handshakeTimeout(null)).isInstanceOf(NullPointerException.class);
    }
}
