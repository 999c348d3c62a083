package dev.twine.internet.error;

/** Raised when a {@code Deferred} that already has a result is fired again (Twisted's {@code defer.AlreadyCalledError}). */
public class AlreadyCalledError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AlreadyCalledError() {
        super();
    }

    public AlreadyCalledError(String message) {
        super(message);
    }

    public AlreadyCalledError(String message, Throwable cause) {
        super(message, cause);
    }
}
