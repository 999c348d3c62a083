package dev.twine.internet.error;

/** Raised when a cancelled {@code DelayedCall} is cancelled, reset or delayed again (Twisted's {@code error.AlreadyCancelled}). */
public class AlreadyCancelled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public AlreadyCancelled() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public AlreadyCancelled(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public AlreadyCancelled(String message, Throwable cause) {
        super(message, cause);
    }
}
