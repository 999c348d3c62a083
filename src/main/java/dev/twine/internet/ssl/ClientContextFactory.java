package dev.twine.internet.ssl;

import dev.twine.internet.interfaces.ITLSContextFactory;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS settings of a client: Twisted's {@code optionsForClientTLS}. By default the server's certificate must
 * chain to the system trust store and name the host connected to (or the host named here) in its subject
 * alternative names, DNS name or IP address; other trust anchors, a client certificate, ALPN protocols, versions
 * and anything else {@link SSLParameters} holds are set on the {@link Builder}:
 *
 * <pre>{@code
 * reactor.connectSSL("example.com", 443, factory, ClientContextFactory.builder().build());
 * }</pre>
 *
 * The one way to skip verification says so in its name: {@link Builder#insecureTrustAnyCertificate()}.
 */
public final class ClientContextFactory implements ITLSContextFactory {
    private final SSLContext context;
    private final String hostName;
    private final boolean verify;
    private final EngineOptions options;

    private ClientContextFactory(Builder b) {
        this.hostName = b.hostName;
        this.verify = !b.trustAny;
        this.options = b.options.copy();
        TrustManager[] trust = b.trustAny ? new TrustManager[] {new TrustAnyCertificate()}
                : EngineOptions.trustManagers(b.trustAnchors);
        try {
            context = SSLContext.getInstance("TLS");
            context.init(b.keyManagers, trust, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /** Settings to fill in; {@code builder().build()} verifies against the system trust store. */
    public static Builder builder() {
        return new Builder();
    }

    /** A client that checks the server is {@code hostName}, trusting the system trust store. */
    public static ClientContextFactory forHost(String hostName) {
        return builder().hostName(hostName).build();
    }

    /** The JDK context underneath. */
    public SSLContext context() {
        return context;
    }

    /**
     * An engine in client mode that checks the server against {@code peerHost} (the host connected to) unless
     * this factory names a host itself.
     *
     * @throws IllegalArgumentException if verification is on and there is no host name to check
     */
    @Override
    public SSLEngine createEngine(String peerHost, int peerPort) {
        String host = hostName != null ? hostName : peerHost;
        if (verify && host == null) {
            throw new IllegalArgumentException("no host name to check the server's certificate against");
        }
        SSLEngine engine = host == null ? context.createSSLEngine() : context.createSSLEngine(host, peerPort);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        if (verify) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (host != null && !isIpLiteral(host)) {
            try {
                p.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException notAnSniName) {
                // the name is still checked against the certificate; it just is not sent as SNI
            }
        }
        options.apply(p);
        engine.setSSLParameters(p);
        return engine;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    @Override
    public Duration handshakeTimeout() {
        return options.handshakeTimeout;
    }

    @Override
    public boolean allowsClientRenegotiation() {
        return options.allowClientRenegotiation;
    }

    @Override
    public String toString() {
        return "ClientContextFactory[" + (hostName == null ? "host connected to" : hostName)
                + (verify ? "" : ", INSECURE: trusts any certificate") + "]";
    }

    /** The settings of a {@link ClientContextFactory}. */
    public static final class Builder {
        private final EngineOptions options = new EngineOptions();
        private String hostName;
        private List<X509Certificate> trustAnchors;
        private KeyManager[] keyManagers;
        private boolean trustAny;

        private Builder() {
        }

        /** The name the server's certificate must carry, instead of the host connected to. */
        public Builder hostName(String hostName) {
            if (hostName == null || hostName.isBlank()) {
                throw new IllegalArgumentException("host name must not be blank: '" + hostName + "'");
            }
            this.hostName = hostName;
            return this;
        }

        /** Trusts only these certificate authorities (or self-signed certificates), not the system's. */
        public Builder trustAnchors(List<X509Certificate> anchors) {
            this.trustAnchors = List.copyOf(anchors);
            if (trustAnchors.isEmpty()) {
                throw new IllegalArgumentException("no trust anchors given");
            }
            return this;
        }

        /** {@link #trustAnchors(List)} from a PEM file of certificates. */
        public Builder trustAnchors(Path pem) {
            return trustAnchors(Pem.certificates(pem));
        }

        /** Presents {@code key} with {@code chain} when the server asks for a client certificate. */
        public Builder clientCertificate(PrivateKey key, List<X509Certificate> chain) {
            this.keyManagers = EngineOptions.keyManagers(Objects.requireNonNull(key, "key"), List.copyOf(chain));
            return this;
        }

        /** {@link #clientCertificate(PrivateKey, List)} from PEM files. */
        public Builder clientCertificate(Path key, Path chain) {
            return clientCertificate(Pem.privateKey(key), Pem.certificates(chain));
        }

        /** The ALPN protocols offered, in order of preference. */
        public Builder applicationProtocols(String... protocols) {
            options.applicationProtocols = EngineOptions.checked("application protocols", protocols);
            return this;
        }

        /** The TLS versions allowed, such as {@code "TLSv1.3"}; TLS 1.3 and 1.2 unless set. */
        public Builder protocols(String... protocols) {
            options.protocols = EngineOptions.checked("protocols", protocols);
            return this;
        }

        /**
         * The cipher suites allowed. Unless set: the JDK's enabled TLS 1.3 suites and its TLS 1.2 suites with ECDHE
         * key exchange and AEAD encryption (GCM, ChaCha20-Poly1305) only.
         */
        public Builder cipherSuites(String... suites) {
            options.cipherSuites = EngineOptions.checked("cipher suites", suites);
            return this;
        }

        /**
         * How long a handshake may take before the connection is aborted and the protocol hears a
         * {@link dev.twine.internet.error.TLSError} caused by a {@link dev.twine.internet.error.TimeoutError};
         * {@link ITLSContextFactory#DEFAULT_HANDSHAKE_TIMEOUT} (10 s) unless set. Positive.
         */
        public Builder handshakeTimeout(Duration timeout) {
            options.handshakeTimeout = EngineOptions.checkedTimeout(timeout);
            return this;
        }

        /** Anything else: called with each engine's parameters after the settings above are in them. */
        public Builder parameters(Consumer<SSLParameters> customizer) {
            options.parameters = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /**
         * INSECURE: accepts any certificate for any name, so anyone on the path can read and change the traffic.
         * For tests and for peers authenticated some other way only.
         */
        public Builder insecureTrustAnyCertificate() {
            this.trustAny = true;
            return this;
        }

        public ClientContextFactory build() {
            return new ClientContextFactory(this);
        }
    }

    /** Accepts everything: only behind {@link Builder#insecureTrustAnyCertificate()}. */
    private static final class TrustAnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
