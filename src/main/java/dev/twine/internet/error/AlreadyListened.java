package dev.twine.internet.error;

/** {@code startListening} on a port that already listens (Twisted's {@code error.AlreadyListened}). */
public class AlreadyListened extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public AlreadyListened() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public AlreadyListened(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public AlreadyListened(String message, Throwable cause) {
        super(message, cause);
    }
}
