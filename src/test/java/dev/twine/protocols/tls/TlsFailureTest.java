package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.ConnectionAborted;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.error.TLSError;
import dev.twine.internet.interfaces.ITLSContextFactory;
import dev.twine.internet.ssl.ClientAuthentication;
import dev.twine.internet.ssl.ClientContextFactory;
import dev.twine.internet.ssl.Pem;
import dev.twine.internet.ssl.ServerContextFactory;
import dev.twine.internal.sys.Sockets;
import dev.twine.internet.tcp.Connection;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What fails, fails clearly: the client's protocol hears a {@link TLSError} whose cause is the engine's
 * {@link SSLHandshakeException} (after {@code connectionMade}, as in Twisted, and without {@code
 * handshakeCompleted}); and the ways a TLS connection ends are told apart.
 */
@Timeout(60)
class TlsFailureTest extends TlsTestBase {

    /** Runs one connection that must fail; returns {client, server}. */
    private TlsPeer[] failing(ITLSContextFactory server, ITLSContextFactory client, String host) {
        TlsPeer[] serverPeer = {null};
        int port = listen(server, () -> serverPeer[0] = new TlsPeer());
        TlsPeer clientPeer = new TlsPeer();
        clientPeer.onMade = p -> p.transport.write("never sent in the clear".getBytes());
        connect(host, port, client, clientPeer);
        runUntil(() -> clientPeer.isLost() && serverPeer[0] != null && serverPeer[0].isLost());
        assertThat(clientPeer.made).isTrue();
        assertThat(clientPeer.handshakeDone).isFalse();
        assertThat(serverPeer[0].receivedBytes).isZero();
        return new TlsPeer[] {clientPeer, serverPeer[0]};
    }

    @Test
    void aCertificateForAnotherNameFailsTheClient() {
        TlsPeer[] pair = failing(ServerContextFactory.fromPem(certs.otherHostKey, certs.otherHost).build(),
                trustingTestCa().build(), "localhost");
        assertThat(pair[0].reason()).isInstanceOf(TLSError.class)
                .hasMessageStartingWith("TLS handshake failed: ").hasMessageContaining("localhost")
                .hasCauseInstanceOf(SSLHandshakeException.class);
        assertThat(pair[1].reason()).isInstanceOf(TLSError.class);
    }

    @Test
    void theClientFactoryHearsConnectionLostNotConnectionFailed() {
        int port = listen(ServerContextFactory.fromPem(certs.untrustedKey, certs.untrusted).build(), TlsPeer::new);
        List<String> hooks = new java.util.ArrayList<>();
        TlsPeer client = new TlsPeer();
        reactor().connectSSL("localhost", port, new dev.twine.internet.protocol.ClientFactory() {
            @Override
            public dev.twine.internet.interfaces.IProtocol buildProtocol(dev.twine.internet.interfaces.IAddress a) {
                return client;
            }

            @Override
            public void clientConnectionFailed(dev.twine.internet.interfaces.IConnector c,
                    dev.twine.python.Failure reason) {
                hooks.add("failed");
            }

            @Override
            public void clientConnectionLost(dev.twine.internet.interfaces.IConnector c,
                    dev.twine.python.Failure reason) {
                hooks.add("lost " + reason.value().getClass().getSimpleName());
            }
        }, trustingTestCa().build(), 10, null);
        runUntil(() -> !hooks.isEmpty());
        assertThat(hooks).containsExactly("lost TLSError");
        assertThat(client.reason()).isInstanceOf(TLSError.class);
    }

    @Test
    void theClientChecksTheNameItWasGivenRatherThanTheHostConnectedTo() {
        TlsPeer[] pair = failing(serverContext(b -> b), trustingTestCa().hostName("other.example").build(),
                "127.0.0.1");
        assertThat(pair[0].reason()).isInstanceOf(TLSError.class).hasMessageContaining("other.example");
    }

    @Test
    void anUntrustedCertificateFailsTheClient() {
        TlsPeer[] pair = failing(ServerContextFactory.fromPem(certs.untrustedKey, certs.untrusted).build(),
                trustingTestCa().build(), "localhost");
        assertThat(pair[0].reason()).isInstanceOf(TLSError.class)
                .hasMessageContaining("PKIX path").hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theSystemTrustStoreDoesNotTrustTheTestCa() {
        TlsPeer[] pair = failing(serverContext(b -> b), ClientContextFactory.builder().build(), "localhost");
        assertThat(pair[0].reason()).isInstanceOf(TLSError.class).hasMessageContaining("PKIX path");
    }

    @Test
    void theInsecureModeAcceptsAnyCertificate() {
        TlsPeer[] server = {null};
        int port = listen(ServerContextFactory.fromPem(certs.untrustedKey, certs.untrusted).build(),
                () -> server[0] = new TlsPeer());
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> p.transport.loseConnection();
        connect("127.0.0.1", port, ClientContextFactory.builder().insecureTrustAnyCertificate().build(), client);
        runUntil(() -> client.isLost() && server[0] != null && server[0].isLost());
        assertThat(client.handshakeDone).isTrue();
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
    }

    @Test
    void noSharedApplicationProtocolFailsBothSides() {
        TlsPeer[] pair = failing(serverContext(b -> b.applicationProtocols("h2")),
                trustingTestCa().applicationProtocols("spdy/3", "http/1.1").build(), "localhost");
        assertThat(pair[1].reason()).isInstanceOf(TLSError.class).hasMessageContaining("no_application_protocol");
        assertThat(pair[0].reason()).isInstanceOf(TLSError.class).hasMessageContaining("no_application_protocol");
    }

    @Test
    void noSharedVersionFailsClearly() {
        TlsPeer[] pair = failing(serverContext(b -> b.protocols("TLSv1.3")),
                trustingTestCa().protocols("TLSv1.2").build(), "localhost");
        assertThat(pair[0].reason()).isInstanceOf(TLSError.class).hasMessageContaining("protocol_version");
        assertThat(pair[1].reason()).isInstanceOf(TLSError.class);
    }

    @Test
    void alpnPicksTheServersPreferenceAmongTheShared() {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b.applicationProtocols("h2", "http/1.1")),
                () -> server[0] = new TlsPeer());
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> p.transport.loseConnection();
        connect("localhost", port, trustingTestCa().applicationProtocols("http/1.1", "h2", "x").build(), client);
        runUntil(() -> client.isLost() && server[0] != null && server[0].isLost());
        assertThat(client.tls().getNegotiatedProtocol()).isEqualTo("h2");
        assertThat(server[0].tls().getNegotiatedProtocol()).isEqualTo("h2");
    }

    @Test
    void aRequiredClientCertificateIsCheckedAndSeenByTheServer() {
        List<X509Certificate> ca = Pem.certificates(certs.ca);
        ServerContextFactory server = serverContext(b -> b.clientAuthentication(ClientAuthentication.REQUIRE, ca));
        TlsPeer[] serverPeer = {null};
        int port = listen(server, () -> serverPeer[0] = new TlsPeer());
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> p.transport.write("with a certificate".getBytes());
        connect("localhost", port, trustingTestCa().clientCertificate(certs.clientKey, certs.client).build(),
                client);
        runUntil(() -> serverPeer[0] != null && serverPeer[0].text().equals("with a certificate"));
        assertThat(((X509Certificate) serverPeer[0].tls().getPeerCertificate()).getSubjectX500Principal().getName())
                .isEqualTo("CN=twine-client");
        client.transport.loseConnection();
        runUntil(() -> client.isLost() && serverPeer[0].isLost());

        // Without one, the server refuses it. In TLS 1.3 the client may finish its side first and hear only
        // the server's alert afterwards: it is told either way, with a TLSError.
        TlsPeer[] refused = {null};
        int port2 = listen(server, () -> refused[0] = new TlsPeer());
        TlsPeer anonymous = new TlsPeer();
        connect("localhost", port2, trustingTestCa().build(), anonymous);
        runUntil(() -> anonymous.isLost() && refused[0] != null && refused[0].isLost());
        assertThat(refused[0].reason()).isInstanceOf(TLSError.class).hasMessageContaining("certificate");
        assertThat(refused[0].handshakeDone).isFalse();
        assertThat(anonymous.reason()).isInstanceOf(TLSError.class);
    }

    @Test
    void aRequestedClientCertificateIsOptional() {
        ServerContextFactory server = serverContext(b -> b.clientAuthentication(ClientAuthentication.REQUEST,
                Pem.certificates(certs.ca)));
        for (boolean withCertificate : new boolean[] {true, false}) {
            TlsPeer[] serverPeer = {null};
            int port = listen(server, () -> serverPeer[0] = new TlsPeer());
            TlsPeer client = new TlsPeer();
            client.onHandshake = p -> p.transport.write("hi".getBytes());
            ClientContextFactory.Builder settings = trustingTestCa();
            if (withCertificate) {
                settings.clientCertificate(certs.clientKey, certs.client);
            }
            connect("localhost", port, settings.build(), client);
            runUntil(() -> serverPeer[0] != null && serverPeer[0].text().equals("hi"));
            if (withCertificate) {
                assertThat(serverPeer[0].tls().getPeerCertificates()).hasSize(1);
            } else {
                assertThat(serverPeer[0].tls().getPeerCertificate()).isNull();
            }
            client.transport.loseConnection();
            runUntil(() -> client.isLost() && serverPeer[0].isLost());
            assertThat(serverPeer[0].reason()).isInstanceOf(ConnectionDone.class);
        }
    }

    @Test
    void aPeerClosingWithoutCloseNotifyIsALostConnection() {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> server[0] = new TlsPeer());
        TlsPeer client = new TlsPeer();
        connect("localhost", port, trustingTestCa().build(), client);
        runUntil(() -> client.handshakeDone && server[0] != null && server[0].handshakeDone);
        // Under the TLS layer: a FIN with no close_notify before it, as a truncation attack would.
        Connection raw = (Connection) ((TLSMemoryBIOProtocol) client.transport).transportBelow();
        Sockets.shutdown(raw.fileno(), Sockets.SHUT_WR);
        runUntil(server[0]::isLost);
        assertThat(server[0].reason()).isInstanceOf(ConnectionLost.class).isNotInstanceOf(TLSError.class)
                .hasMessageContaining("without a TLS close_notify");
        client.transport.loseConnection();
        runUntil(client::isLost);
    }

    @Test
    void abortClosesAtOnceAndThePeerSeesALostConnection() {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> server[0] = new TlsPeer());
        TlsPeer client = new TlsPeer();
        connect("localhost", port, trustingTestCa().build(), client);
        runUntil(() -> client.handshakeDone && server[0] != null && server[0].handshakeDone);
        ((dev.twine.internet.interfaces.ISSLTransport) client.transport).abortConnection();
        runUntil(() -> client.isLost() && server[0].isLost());
        assertThat(client.reason()).isInstanceOf(ConnectionAborted.class);
        assertThat(server[0].reason()).isInstanceOf(ConnectionLost.class);
    }

    @Test
    void aHalfCloseSendsCloseNotifyAndTheRestStillArrives() {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> server[0] = new TlsPeer());
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> {
            p.transport.write("last words".getBytes());
            p.tls().loseWriteConnection();
            p.transport.write("ignored after the half-close".getBytes());
        };
        connect("localhost", port, trustingTestCa().build(), client);
        runUntil(() -> client.isLost() && server[0] != null && server[0].isLost());
        assertThat(server[0].text()).isEqualTo("last words");
        assertThat(server[0].reason()).isInstanceOf(ConnectionDone.class);
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
    }

    /**
     * The engine's delegated tasks (here: the client's check of the server's chain, done by a trust manager that
     * notes its thread) run on the reactor's pool, never on the reactor thread.
     */
    @Test
    void certificateChecksRunOffTheReactorThread() throws Exception {
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        java.security.KeyStore anchors = java.security.KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", Pem.certificates(certs.ca).get(0));
        tmf.init(anchors);
        javax.net.ssl.X509TrustManager real = (javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0];
        List<String> threads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        javax.net.ssl.X509TrustManager noting = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                real.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                threads.add(Thread.currentThread().getName());
                real.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return real.getAcceptedIssuers();
            }
        };
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {noting}, null);
        ITLSContextFactory checking = (host, port) -> {
            javax.net.ssl.SSLEngine engine = context.createSSLEngine(host, port);
            engine.setUseClientMode(true);
            return engine;
        };
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> server[0] = new TlsPeer());
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> p.transport.loseConnection();
        connect("localhost", port, checking, client);
        runUntil(() -> client.isLost() && server[0] != null && server[0].isLost());
        assertThat(client.handshakeDone).isTrue();
        assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("twine-reactor-pool"))
                .noneMatch(name -> name.equals(Thread.currentThread().getName()));
    }

    @Test
    void theServerClosingCleanlyIsConnectionDoneOnBothSides() {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> {
            TlsPeer p = new TlsPeer();
            p.onHandshake = s -> {
                s.transport.write("bye".getBytes());
                s.transport.loseConnection();
            };
            return server[0] = p;
        });
        TlsPeer client = new TlsPeer();
        connect("localhost", port, trustingTestCa().build(), client);
        runUntil(() -> client.isLost() && server[0] != null && server[0].isLost());
        assertThat(client.text()).isEqualTo("bye");
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
        assertThat(server[0].reason()).isInstanceOf(ConnectionDone.class);
    }
}
