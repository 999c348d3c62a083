package dev.twine.internet.error;

/** Raised when a cancelled {@code DelayedCall} is cancelled, reset or delayed again (Twisted's {@code error.AlreadyCancelled}). */
public class AlreadyCancelled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AlreadyCancelled() {
        super();
    }

    public AlreadyCancelled(String message) {
        super(message);
    }

    public AlreadyCancelled(String message, Throwable cause) {
        super(message, cause);
    }
}
