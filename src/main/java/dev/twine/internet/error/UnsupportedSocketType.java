package dev.twine.internet.error;

/** A socket's type is not one this call supports, e.g. SOCK_DGRAM for a stream port (Twisted's {@code error.UnsupportedSocketType}). */
public class UnsupportedSocketType extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public UnsupportedSocketType() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public UnsupportedSocketType(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public UnsupportedSocketType(String message, Throwable cause) {
        super(message, cause);
    }
}
