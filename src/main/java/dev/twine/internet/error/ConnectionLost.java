package dev.twine.internet.error;

/** The connection was lost in a non-clean fashion (Twisted's {@code error.ConnectionLost}). */
public class ConnectionLost extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ConnectionLost() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ConnectionLost(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ConnectionLost(String message, Throwable cause) {
        super(message, cause);
    }
}
