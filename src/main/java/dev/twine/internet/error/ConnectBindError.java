package dev.twine.internet.error;

/** The local address of an outgoing connection could not be bound (Twisted's {@code error.ConnectBindError}). */
public class ConnectBindError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ConnectBindError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ConnectBindError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ConnectBindError(String message, Throwable cause) {
        super(message, cause);
    }
}
