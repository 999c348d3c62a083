package dev.twine.internet.error;

/** A connection ended; the base of {@link ConnectionDone} and {@link ConnectionLost} (Twisted's {@code error.ConnectionClosed}). */
public class ConnectionClosed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ConnectionClosed() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ConnectionClosed(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ConnectionClosed(String message, Throwable cause) {
        super(message, cause);
    }
}
