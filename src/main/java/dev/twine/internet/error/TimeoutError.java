package dev.twine.internet.error;

/** An operation timed out; a user-set timeout, so a {@link UserError} (Twisted's {@code error.TimeoutError}). */
public class TimeoutError extends UserError {
    private static final long serialVersionUID = 1L;

    public TimeoutError() {
        super();
    }

    public TimeoutError(String message) {
        super(message);
    }

    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
