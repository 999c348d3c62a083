package dev.twine.internet.error;

/** Raised by {@code stop()} or {@code crash()} on a reactor that is not running (Twisted's {@code error.ReactorNotRunning}). */
public class ReactorNotRunning extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReactorNotRunning() {
        super();
    }

    public ReactorNotRunning(String message) {
        super(message);
    }

    public ReactorNotRunning(String message, Throwable cause) {
        super(message, cause);
    }
}
