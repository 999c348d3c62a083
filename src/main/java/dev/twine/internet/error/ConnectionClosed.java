package dev.twine.internet.error;

/** A connection ended; the base of {@link ConnectionDone} and {@link ConnectionLost} (Twisted's {@code error.ConnectionClosed}). */
public class ConnectionClosed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectionClosed() {
        super();
    }

    public ConnectionClosed(String message) {
        super(message);
    }

    public ConnectionClosed(String message, Throwable cause) {
        super(message, cause);
    }
}
