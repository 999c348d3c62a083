package dev.twine.internet.error;

/**
 * A TLS connection failed for a TLS reason: a handshake that could not complete (untrusted certificate, wrong host
 * name, no shared protocol version, cipher or ALPN protocol), a bad record, a peer that closed without
 * {@code close_notify} once the handshake had started, a handshake that did not finish within the handshake
 * timeout (the cause is then a {@link TimeoutError}), or a refused renegotiation. The cause is the
 * {@code javax.net.ssl.SSLException}, when there is one. A {@link ConnectionLost}, since the connection ended
 * uncleanly.
 */
public class TLSError extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public TLSError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public TLSError(String message, Throwable cause) {
        super(message, cause);
    }
}
