package dev.twine.internet.error;

/** Raised when a method that only the reactor thread may call is called from another thread. */
public class ReactorWrongThread extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ReactorWrongThread() {
        super();
    }

    public ReactorWrongThread(String message) {
        super(message);
    }

    public ReactorWrongThread(String message, Throwable cause) {
        super(message, cause);
    }
}
