package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.interfaces.ITLSContextFactory;
import dev.twine.internet.ssl.Pem;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a peer sends that the layer cannot pass on yet is bounded: while a delegated task runs, while the protocol
 * is paused, and while the connection closes behind a peer that never reads, the ciphertext kept stays within a
 * few records and the reading below stops (or the bytes are dropped, once nothing will reach the protocol).
 */
@Timeout(60)
class TlsPeerBacklogTest extends TlsTestBase {
    private static final long TOTAL = 32L << 20;
    /** The layer's limit is 64 KiB (or two records) plus one read; its buffer may double once past it. */
    private static final int BOUND = 512 * 1024;

    private static FileDescriptor below(TlsPeer peer) {
        return (FileDescriptor) ((TLSMemoryBIOProtocol) peer.transport).transportBelow();
    }

    private static int heldCiphertext(TlsPeer peer) {
        return ((TLSMemoryBIOProtocol) peer.transport).ciphertextCapacity();
    }

    /**
     * A client that writes {@link #TOTAL} bytes from a streaming producer once its handshake is done (after its
     * own {@code onHandshake}).
     */
    private TlsFlowTest.Firehose[] firehoseClient(int port, TlsPeer client) {
        TlsFlowTest.Firehose[] hose = {null};
        java.util.function.Consumer<TlsPeer> first = client.onHandshake;
        client.onHandshake = p -> {
            first.accept(p);
            hose[0] = new TlsFlowTest.Firehose(p.transport, TOTAL);
            p.transport.registerProducer(hose[0], true);
            hose[0].produce();
        };
        connect("localhost", port, trustingTestCa().clientCertificate(certs.clientKey, certs.client).build(),
                client);
        return hose;
    }

    /**
     * TLS 1.3: the client is done with its handshake (and sends) before the server has checked its certificate.
     * While that check runs (held here on a latch), the server stops reading instead of keeping all it is sent.
     */
    @Test
    void aSlowDelegatedTaskStopsTheReadingBelow() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TlsPeer[] server = {null};
        int port = listen(serverWhoseClientCheckWaitsFor(release), () -> {
            TlsPeer p = new TlsPeer();
            p.keep = false;
            return server[0] = p;
        });
        TlsPeer client = new TlsPeer();
        TlsFlowTest.Firehose[] hose = firehoseClient(port, client);
        CRC32C received = new CRC32C();
        try {
            runUntil(() -> server[0] != null && server[0].transport != null);
            server[0].onData = received::update;
            runUntil(() -> !below(server[0]).isReading() || hose[0] != null && hose[0].sent == TOTAL);
            System.out.printf("TLS ciphertext kept during a held delegated task: %d bytes, client sent %d%n",
                    heldCiphertext(server[0]), hose[0] == null ? 0 : hose[0].sent);
            assertThat(heldCiphertext(server[0])).as("ciphertext kept during the check").isLessThan(BOUND);
            assertThat(server[0].handshakeDone).isFalse();
        } finally {
            release.countDown();
        }
        runUntil(() -> server[0].isLost() && client.isLost());
        assertThat(server[0].receivedBytes).isEqualTo(TOTAL);
        assertThat(received.getValue()).isEqualTo(hose[0].crc.getValue());
    }

    /** A paused protocol: the peer's bytes wait in the kernel, not in the layer. */
    @Test
    void aPausedProtocolKeepsAtMostAFewRecords() {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> {
            TlsPeer p = new TlsPeer();
            p.keep = false;
            p.onHandshake = s -> s.tls().pauseProducing();
            return server[0] = p;
        });
        TlsPeer client = new TlsPeer();
        TlsFlowTest.Firehose[] hose = firehoseClient(port, client);
        runUntil(() -> hose[0] != null && (hose[0].sent == TOTAL || hose[0].paused && below(client).isWriting()));
        assertThat(heldCiphertext(server[0])).isLessThan(BOUND);
        assertThat(server[0].receivedBytes).isLessThan(BOUND);
        server[0].tls().resumeProducing();
        runUntil(() -> server[0].isLost() && client.isLost());
        assertThat(server[0].receivedBytes).isEqualTo(TOTAL);
    }

    /**
     * The server has said all it will and closes, behind 8 MiB that a client which never reads leaves queued;
     * the client keeps sending. The reading below stops at the close, and nothing more is kept in the layer.
     */
    @Test
    void aClosingConnectionKeepsNothingOfWhatAPeerThatDoesNotReadKeepsSending() {
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> {
            TlsPeer p = new TlsPeer();
            p.onHandshake = s -> {
                s.transport.write(new byte[8 << 20]);
                s.transport.loseConnection();
            };
            return server[0] = p;
        });
        TlsPeer client = new TlsPeer();
        client.onHandshake = p -> p.tls().pauseProducing();
        TlsFlowTest.Firehose[] hose = firehoseClient(port, client);
        runUntil(() -> hose[0] != null && (hose[0].sent == TOTAL || hose[0].paused && below(client).isWriting()));
        assertThat(heldCiphertext(server[0])).isLessThan(BOUND);
        assertThat(server[0].receivedBytes).isZero();
        client.tls().abortConnection();
        runUntil(() -> server[0].isLost() && client.isLost());
    }

    /** A server context whose check of the client's certificate waits until {@code release} (30 s at most). */
    private static ITLSContextFactory serverWhoseClientCheckWaitsFor(CountDownLatch release) throws Exception {
        char[] password = "pw".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", Pem.privateKey(certs.serverKey), password,
                Pem.certificates(certs.server).toArray(new Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        X509TrustManager waiting = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), new TrustManager[] {waiting}, null);
        return (host, port) -> {
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setNeedClientAuth(true);
            return engine;
        };
    }
}
