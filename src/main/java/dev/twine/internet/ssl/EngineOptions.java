package dev.twine.internet.ssl;

import dev.twine.internet.interfaces.ITLSContextFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the client and server context factories share: versions, suites, ALPN, free-form parameters, stores, and
 * the connection policies (handshake timeout, renegotiation).
 */
final class EngineOptions {
    /** The versions allowed unless the caller names others: the two without known protocol weaknesses. */
    static final List<String> MODERN_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    String[] protocols;
    String[] cipherSuites;
    String[] applicationProtocols;
    Consumer<SSLParameters> parameters = p -> { };
    Duration handshakeTimeout = ITLSContextFactory.DEFAULT_HANDSHAKE_TIMEOUT;
    boolean allowClientRenegotiation;

    EngineOptions copy() {
        EngineOptions c = new EngineOptions();
        c.protocols = protocols;
        c.cipherSuites = cipherSuites;
        c.applicationProtocols = applicationProtocols;
        c.parameters = parameters;
        c.handshakeTimeout = handshakeTimeout;
        c.allowClientRenegotiation = allowClientRenegotiation;
        return c;
    }

    /**
     * Applies these options to {@code p} (the engine's own defaults); the free-form parameters last, so they win.
     * Without explicit versions or suites, TLS 1.3 and 1.2 with {@link #isModern modern} suites only.
     */
    void apply(SSLParameters p) {
        p.setProtocols(protocols != null ? protocols : MODERN_PROTOCOLS.toArray(new String[0]));
        if (cipherSuites != null) {
            p.setCipherSuites(cipherSuites);
        } else {
            p.setCipherSuites(Arrays.stream(p.getCipherSuites()).filter(EngineOptions::isModern)
                    .toArray(String[]::new));
        }
        if (applicationProtocols != null) {
            p.setApplicationProtocols(applicationProtocols);
        }
        parameters.accept(p);
    }

    /**
     * Whether {@code suite} is kept by default: the TLS 1.3 suites (all AEAD, all ephemeral), TLS 1.2 suites with
     * ECDHE key exchange and an AEAD cipher (GCM, ChaCha20-Poly1305), and the renegotiation-info signal. Static RSA
     * (no forward secrecy), finite-field DHE (slow, small groups in the wild) and CBC (padding oracles) are out.
     */
    static boolean isModern(String suite) {
        if (suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
            return true;
        }
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        boolean tls13 = !suite.contains("_WITH_");
        return aead && (tls13 || suite.startsWith("TLS_ECDHE_"));
    }

    static Duration checkedTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + timeout);
        }
        return timeout;
    }

    static String[] checked(String what, String... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException(what + ": give at least one");
        }
        for (String v : values) {
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(what + ": empty or null entry in " + List.of(values));
            }
        }
        return values.clone();
    }

    /** Key managers presenting {@code key} with {@code chain} (leaf first). */
    static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the key's own certificate");
        }
        try {
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            char[] password = HexFormat.of().formatHex(secret).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, password, chain.toArray(new X509Certificate[0]));
            return keyManagers(store, password);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the key does not go with the certificate chain: " + e.getMessage(), e);
        }
    }

    static KeyManager[] keyManagers(KeyStore store, char[] password) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the key store: " + e.getMessage(), e);
        }
    }

    /** Trust managers for {@code anchors}, or the JDK's default trust store when null. */
    static TrustManager[] trustManagers(List<X509Certificate> anchors) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (anchors == null) {
                factory.init((KeyStore) null);
            } else {
                if (anchors.isEmpty()) {
                    throw new IllegalArgumentException("no trust anchors given (null means the system trust store)");
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (X509Certificate anchor : anchors) {
                    store.setCertificateEntry("anchor-" + i++, anchor);
                }
                factory.init(store);
            }
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build trust managers: " + e.getMessage(), e);
        }
    }
}
