package dev.twine.internet.error;

/**
 * A datagram too big to send as one (EMSGSIZE; Twisted's {@code error.MessageLengthError}). Only that write
 * failed: the port stays open.
 */
public class MessageLengthError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MessageLengthError(String message, Throwable cause) {
        super(message, cause);
    }
}
