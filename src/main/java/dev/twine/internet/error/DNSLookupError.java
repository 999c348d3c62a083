package dev.twine.internet.error;

/** A host name could not be resolved (Twisted's {@code error.DNSLookupError}). */
public class DNSLookupError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with no message. */
    public DNSLookupError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public DNSLookupError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public DNSLookupError(String message, Throwable cause) {
        super(message, cause);
    }
}
