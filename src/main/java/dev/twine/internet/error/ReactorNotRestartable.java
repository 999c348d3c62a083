package dev.twine.internet.error;

/** Raised by {@code run()} on a reactor that was stopped: a stopped reactor cannot run again, only a crashed one can (Twisted's {@code error.ReactorNotRestartable}). */
public class ReactorNotRestartable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ReactorNotRestartable() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ReactorNotRestartable(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ReactorNotRestartable(String message, Throwable cause) {
        super(message, cause);
    }
}
