package dev.twine.internet.error;

/** A socket's type is not one this call supports, e.g. SOCK_DGRAM for a stream port (Twisted's {@code error.UnsupportedSocketType}). */
public class UnsupportedSocketType extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedSocketType() {
        super();
    }

    public UnsupportedSocketType(String message) {
        super(message);
    }

    public UnsupportedSocketType(String message, Throwable cause) {
        super(message, cause);
    }
}
