package dev.twine.internet.error;

/** {@code startListening} on a port that already listens (Twisted's {@code error.AlreadyListened}). */
public class AlreadyListened extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AlreadyListened() {
        super();
    }

    public AlreadyListened(String message) {
        super(message);
    }

    public AlreadyListened(String message, Throwable cause) {
        super(message, cause);
    }
}
