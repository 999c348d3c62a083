package dev.twine.internet.error;

/** The other side refused the connection (ECONNREFUSED; Twisted's {@code error.ConnectionRefusedError}). */
public class ConnectionRefusedError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ConnectionRefusedError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ConnectionRefusedError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ConnectionRefusedError(String message, Throwable cause) {
        super(message, cause);
    }
}
