package dev.twine.internet.interfaces;

import java.time.Duration;
import javax.net.ssl.SSLEngine;

/**
 * Makes the {@link SSLEngine} of each TLS connection: the role of Twisted's context factories
 * ({@code IOpenSSLServerConnectionCreator}, {@code IOpenSSLClientConnectionCreator}). The engine comes configured:
 * client or server mode, trust, host name check, ALPN, versions. {@code dev.twine.internet.ssl} has the usual
 * ones. The default methods are the connection policies of the TLS layer; a factory that does not override them
 * gets the safe defaults.
 */
public interface ITLSContextFactory {
    /** {@link #handshakeTimeout()} unless a factory says otherwise: Netty's {@code SslHandler} default too. */
    Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * A new engine for one connection. {@code peerHost} and {@code peerPort} are the host the connection was made
     * to (a client names and checks the server by it unless the factory names a host itself) or the peer's
     * address; either may be null/-1 when unknown.
     */
    SSLEngine createEngine(String peerHost, int peerPort);

    /**
     * How long a handshake may take from the connection (or {@code startTLS}) to its end, however the peer
     * trickles its bytes; then the connection is aborted. Positive.
     */
    default Duration handshakeTimeout() {
        return DEFAULT_HANDSHAKE_TIMEOUT;
    }

    /**
     * Whether a TLS 1.2 client may start a second handshake on an established connection (TLS 1.3 has no
     * renegotiation). False by default: it buys an attacker handshake-sized CPU work per record, and nothing
     * common needs it.
     */
    default boolean allowsClientRenegotiation() {
        return false;
    }
}
