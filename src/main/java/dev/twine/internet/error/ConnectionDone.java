package dev.twine.internet.error;

/** The connection was closed cleanly (Twisted's {@code error.ConnectionDone}). */
public class ConnectionDone extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ConnectionDone() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ConnectionDone(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ConnectionDone(String message, Throwable cause) {
        super(message, cause);
    }
}
