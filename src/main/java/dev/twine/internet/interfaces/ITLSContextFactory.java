package dev.twine.internet.interfaces;

import javax.net.ssl.SSLEngine;

/**
 * Makes the {@link SSLEngine} of each TLS connection: the role of Twisted's context factories
 * ({@code IOpenSSLServerConnectionCreator}, {@code IOpenSSLClientConnectionCreator}). The engine comes configured:
 * client or server mode, trust, host name check, ALPN, versions. {@code dev.twine.internet.ssl} has the usual
 * ones.
 */
public interface ITLSContextFactory {
    /**
     * A new engine for one connection. {@code peerHost} and {@code peerPort} are the host the connection was made
     * to (a client names and checks the server by it unless the factory names a host itself) or the peer's
     * address; either may be null/-1 when unknown.
     */
    SSLEngine createEngine(String peerHost, int peerPort);
}
