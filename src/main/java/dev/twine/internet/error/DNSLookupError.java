package dev.twine.internet.error;

/** A host name could not be resolved (Twisted's {@code error.DNSLookupError}). */
public class DNSLookupError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DNSLookupError() {
        super();
    }

    public DNSLookupError(String message) {
        super(message);
    }

    public DNSLookupError(String message, Throwable cause) {
        super(message, cause);
    }
}
