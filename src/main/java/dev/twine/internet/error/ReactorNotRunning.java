package dev.twine.internet.error;

/** Raised by {@code stop()} or {@code crash()} on a reactor that is not running (Twisted's {@code error.ReactorNotRunning}). */
public class ReactorNotRunning extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ReactorNotRunning() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ReactorNotRunning(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ReactorNotRunning(String message, Throwable cause) {
        super(message, cause);
    }
}
