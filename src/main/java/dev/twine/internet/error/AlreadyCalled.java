package dev.twine.internet.error;

/** Raised when a {@code DelayedCall} that already ran is cancelled, reset or delayed (Twisted's {@code error.AlreadyCalled}). */
public class AlreadyCalled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public AlreadyCalled() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public AlreadyCalled(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public AlreadyCalled(String message, Throwable cause) {
        super(message, cause);
    }
}
