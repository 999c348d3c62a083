package dev.twine.internet.error;

/** The file descriptor of a selectable was closed (its {@code fileno()} became -1) while the reactor still watched it (Twisted's {@code error.ConnectionFdescWentAway}). */
public class ConnectionFdescWentAway extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public ConnectionFdescWentAway() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ConnectionFdescWentAway(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ConnectionFdescWentAway(String message, Throwable cause) {
        super(message, cause);
    }
}
