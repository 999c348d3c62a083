package dev.twine.internet.interfaces;

/**
 * A protocol over TLS that wants to know when the handshake is done: Twisted's {@code IHandshakeListener}. Its
 * {@code connectionMade} runs before the handshake (writes made then are sent once it is done); a failed handshake
 * ends in {@code connectionLost} with a {@code dev.twine.internet.error.TLSError} instead.
 */
public interface IHandshakeListener {
    /** The handshake finished: the peer is verified and {@link ISSLTransport}'s getters tell what was agreed. */
    void handshakeCompleted();
}
