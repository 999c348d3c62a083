package dev.twine.internet.error;

/** The kernel gave up on the connection (ETIMEDOUT; Twisted's {@code error.TCPTimedOutError}). */
public class TCPTimedOutError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public TCPTimedOutError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public TCPTimedOutError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public TCPTimedOutError(String message, Throwable cause) {
        super(message, cause);
    }
}
