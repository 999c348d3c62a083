package dev.twine.internet.error;

/** Raised when a {@code Deferred} that already has a result is fired again (Twisted's {@code defer.AlreadyCalledError}). */
public class AlreadyCalledError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public AlreadyCalledError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public AlreadyCalledError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public AlreadyCalledError(String message, Throwable cause) {
        super(message, cause);
    }
}
