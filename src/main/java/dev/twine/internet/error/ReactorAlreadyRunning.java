package dev.twine.internet.error;

/** Raised by {@code run()} on a reactor that is already running (Twisted's {@code error.ReactorAlreadyRunning}). */
public class ReactorAlreadyRunning extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ReactorAlreadyRunning() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ReactorAlreadyRunning(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ReactorAlreadyRunning(String message, Throwable cause) {
        super(message, cause);
    }
}
