package dev.twine.internet.error;

/** A socket's address family is not one this call supports (Twisted's {@code error.UnsupportedAddressFamily}). */
public class UnsupportedAddressFamily extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public UnsupportedAddressFamily() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public UnsupportedAddressFamily(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public UnsupportedAddressFamily(String message, Throwable cause) {
        super(message, cause);
    }
}
