package dev.twine.internet.error;

/** Joining or leaving a multicast group failed: Twisted's {@code error.MulticastJoinError}. */
public class MulticastJoinError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MulticastJoinError(String message, Throwable cause) {
        super(message, cause);
    }
}
