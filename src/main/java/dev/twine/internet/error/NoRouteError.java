package dev.twine.internet.error;

/** No route to the host (EHOSTUNREACH, ENETUNREACH; Twisted's {@code error.NoRouteError}). */
public class NoRouteError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public NoRouteError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public NoRouteError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public NoRouteError(String message, Throwable cause) {
        super(message, cause);
    }
}
