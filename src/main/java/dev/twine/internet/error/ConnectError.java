package dev.twine.internet.error;

/** An outgoing connection could not be made; the base of the connect failures (Twisted's {@code error.ConnectError}). */
public class ConnectError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ConnectError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ConnectError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ConnectError(String message, Throwable cause) {
        super(message, cause);
    }
}
