package dev.twine.internet.error;

/** The result of a cancelled {@code Deferred} (Twisted's {@code defer.CancelledError}). */
public class CancelledError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public CancelledError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public CancelledError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public CancelledError(String message, Throwable cause) {
        super(message, cause);
    }
}
