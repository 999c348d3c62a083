package dev.twine.internet.error;

/** A socket's address family is not one this call supports (Twisted's {@code error.UnsupportedAddressFamily}). */
public class UnsupportedAddressFamily extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedAddressFamily() {
        super();
    }

    public UnsupportedAddressFamily(String message) {
        super(message);
    }

    public UnsupportedAddressFamily(String message, Throwable cause) {
        super(message, cause);
    }
}
