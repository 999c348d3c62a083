package dev.twine.internet.error;

/**
 * A datagram too big to send as one (EMSGSIZE; Twisted's {@code error.MessageLengthError}). Only that write
 * failed: the port stays open.
 */
public class MessageLengthError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public MessageLengthError(String message, Throwable cause) {
        super(message, cause);
    }
}
