package dev.twine.internet.ssl;

/** Whether a TLS server asks its clients for a certificate. */
public enum ClientAuthentication {
    /** No client certificate is asked for. */
    NONE,
    /** A certificate is asked for and checked if sent; a client without one is still accepted. */
    REQUEST,
    /** A client without a certificate the server trusts fails the handshake. */
    REQUIRE
}
