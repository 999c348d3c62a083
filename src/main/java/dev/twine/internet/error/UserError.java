package dev.twine.internet.error;

/** The attempt was stopped by the user ({@code stopConnecting}; Twisted's {@code error.UserError}). */
public class UserError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public UserError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public UserError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
