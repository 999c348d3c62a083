package dev.twine.internet.error;

/** An outgoing connection could not be made; the base of the connect failures (Twisted's {@code error.ConnectError}). */
public class ConnectError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectError() {
        super();
    }

    public ConnectError(String message) {
        super(message);
    }

    public ConnectError(String message, Throwable cause) {
        super(message, cause);
    }
}
