package dev.twine.internet.error;

/** {@code stopConnecting} on a connector that is not connecting (Twisted's {@code error.NotConnectingError}). */
public class NotConnectingError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public NotConnectingError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public NotConnectingError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public NotConnectingError(String message, Throwable cause) {
        super(message, cause);
    }
}
