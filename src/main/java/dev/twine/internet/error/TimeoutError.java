package dev.twine.internet.error;

/** An operation timed out; a user-set timeout, so a {@link UserError} (Twisted's {@code error.TimeoutError}). */
public class TimeoutError extends UserError {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public TimeoutError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public TimeoutError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
