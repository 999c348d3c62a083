package dev.twine.internet.error;

/** The connection was aborted locally with {@code abortConnection} (Twisted's {@code error.ConnectionAborted}). */
public class ConnectionAborted extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ConnectionAborted() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ConnectionAborted(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ConnectionAborted(String message, Throwable cause) {
        super(message, cause);
    }
}
