package dev.twine.internet.interfaces;

/**
 * A TLS layer put between a connection and its protocol by {@link ITLSTransport#startTLS}: the connection's
 * protocol (it is handed the ciphertext read) and the protocol's transport (writes go through it).
 */
public interface ITLSLayer extends IProtocol, ISSLTransport {
}
