package dev.twine.internet.interfaces;

/** A TCP transport that can switch to TLS mid-connection: Twisted's {@code ITLSTransport}. */
public interface ITLSTransport extends ITCPTransport {
    /**
     * Switches this connection to TLS: what was written before is sent first, in the clear, in order; what is
     * written after (through this same transport) is encrypted, and what arrives is decrypted before the protocol
     * sees it. The handshake starts now for a client context factory, and on the peer's first message for a server
     * one. Returns the TLS side of the connection, which tells the peer's certificate and what was negotiated.
     *
     * @throws IllegalStateException if TLS was started already or the connection is closed
     */
    ISSLTransport startTLS(ITLSContextFactory contextFactory);
}
