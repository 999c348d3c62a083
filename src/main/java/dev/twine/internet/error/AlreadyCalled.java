package dev.twine.internet.error;

/** Raised when a {@code DelayedCall} that already ran is cancelled, reset or delayed (Twisted's {@code error.AlreadyCalled}). */
public class AlreadyCalled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AlreadyCalled() {
        super();
    }

    public AlreadyCalled(String message) {
        super(message);
    }

    public AlreadyCalled(String message, Throwable cause) {
        super(message, cause);
    }
}
