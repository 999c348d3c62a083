package dev.twine.internet.ssl;

import dev.twine.internet.interfaces.ITLSContextFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The TLS settings of a server: its key and certificate chain, and optionally client certificates it asks for,
 * ALPN protocols it accepts, versions and anything else {@link SSLParameters} holds. Twisted's
 * {@code CertificateOptions} on the server side. Immutable; make one with a {@link Builder}:
 *
 * <pre>{@code
 * ServerContextFactory tls = ServerContextFactory.fromPem(Path.of("key.pem"), Path.of("chain.pem"))
 *         .applicationProtocols("h2", "http/1.1")
 *         .build();
 * reactor.listenSSL(8443, factory, tls);
 * }</pre>
 */
public final class ServerContextFactory implements ITLSContextFactory {
    private final SSLContext context;
    private final ClientAuthentication clientAuthentication;
    private final EngineOptions options;

    private ServerContextFactory(Builder b) {
        this.clientAuthentication = b.clientAuthentication;
        this.options = b.options.copy();
        TrustManager[] trust = b.clientAuthentication == ClientAuthentication.NONE ? null
                : EngineOptions.trustManagers(b.clientTrustAnchors);
        try {
            context = SSLContext.getInstance("TLS");
            context.init(b.keyManagers, trust, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /** A server presenting the (unencrypted) private key in PEM file {@code key} and the chain in {@code chain}. */
    public static Builder fromPem(Path key, Path chain) {
        return fromKey(Pem.privateKey(key), Pem.certificates(chain));
    }

    /** A server presenting {@code key} with {@code chain}, its own certificate first. */
    public static Builder fromKey(PrivateKey key, List<X509Certificate> chain) {
        Objects.requireNonNull(key, "key");
        return new Builder(EngineOptions.keyManagers(key, List.copyOf(chain)));
    }

    /** A server presenting the key entry of {@code store} (whose key password is {@code password}). */
    public static Builder fromKeyStore(KeyStore store, char[] password) {
        Objects.requireNonNull(store, "store");
        return new Builder(EngineOptions.keyManagers(store, password));
    }

    /** The JDK context underneath: for a peer that wants an {@code SSLServerSocket} of the same settings. */
    public SSLContext context() {
        return context;
    }

    @Override
    public SSLEngine createEngine(String peerHost, int peerPort) {
        SSLEngine engine = peerHost == null ? context.createSSLEngine() : context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        switch (clientAuthentication) {
            case REQUIRE -> p.setNeedClientAuth(true);
            case REQUEST -> p.setWantClientAuth(true);
            case NONE -> { }
        }
        options.apply(p);
        engine.setSSLParameters(p);
        return engine;
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
        return "ServerContextFactory[clientAuthentication=" + clientAuthentication + "]";
    }

    /** The settings of a {@link ServerContextFactory}. */
    public static final class Builder {
        private final KeyManager[] keyManagers;
        private final EngineOptions options = new EngineOptions();
        private ClientAuthentication clientAuthentication = ClientAuthentication.NONE;
        private List<X509Certificate> clientTrustAnchors;

        private Builder(KeyManager[] keyManagers) {
            this.keyManagers = keyManagers;
        }

        /**
         * Asks clients for a certificate ({@code REQUEST}) or insists on one ({@code REQUIRE}), checked against
         * {@code trustAnchors} (null: the system trust store).
         */
        public Builder clientAuthentication(ClientAuthentication mode, List<X509Certificate> trustAnchors) {
            this.clientAuthentication = Objects.requireNonNull(mode, "mode");
            this.clientTrustAnchors = trustAnchors == null ? null : List.copyOf(trustAnchors);
            return this;
        }

        /** The ALPN protocols accepted, in the server's order of preference; a client offering none fails. */
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

        /**
         * Lets TLS 1.2 clients renegotiate (start a second handshake) on an established connection. Off by
         * default: a renegotiation attempt aborts the connection with a {@link dev.twine.internet.error.TLSError}.
         */
        public Builder allowClientRenegotiation(boolean allow) {
            options.allowClientRenegotiation = allow;
            return this;
        }

        /** Anything else: called with each engine's parameters after the settings above are in them. */
        public Builder parameters(Consumer<SSLParameters> customizer) {
            options.parameters = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        public ServerContextFactory build() {
            return new ServerContextFactory(this);
        }
    }
}
