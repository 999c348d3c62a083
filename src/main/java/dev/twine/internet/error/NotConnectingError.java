package dev.twine.internet.error;

/** {@code stopConnecting} on a connector that is not connecting (Twisted's {@code error.NotConnectingError}). */
public class NotConnectingError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotConnectingError() {
        super();
    }

    public NotConnectingError(String message) {
        super(message);
    }

    public NotConnectingError(String message, Throwable cause) {
        super(message, cause);
    }
}
