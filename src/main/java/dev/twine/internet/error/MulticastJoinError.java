package dev.twine.internet.error;

/** Joining or leaving a multicast group failed: Twisted's {@code error.MulticastJoinError}. */
public class MulticastJoinError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public MulticastJoinError(String message, Throwable cause) {
        super(message, cause);
    }
}
