package dev.twine.internet.error;

/** The result of a cancelled {@code Deferred} (Twisted's {@code defer.CancelledError}). */
public class CancelledError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledError() {
        super();
    }

    public CancelledError(String message) {
        super(message);
    }

    public CancelledError(String message, Throwable cause) {
        super(message, cause);
    }
}
