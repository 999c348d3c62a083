package dev.twine.internet.error;

/** Raised when a method that only the reactor thread may call is called from another thread. */
public class ReactorWrongThread extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ReactorWrongThread() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ReactorWrongThread(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ReactorWrongThread(String message, Throwable cause) {
        super(message, cause);
    }
}
