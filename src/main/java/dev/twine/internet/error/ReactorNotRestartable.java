package dev.twine.internet.error;

/** Raised by {@code run()} on a reactor that was stopped: a stopped reactor cannot run again, only a crashed one can (Twisted's {@code error.ReactorNotRestartable}). */
public class ReactorNotRestartable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReactorNotRestartable() {
        super();
    }

    public ReactorNotRestartable(String message) {
        super(message);
    }

    public ReactorNotRestartable(String message, Throwable cause) {
        super(message, cause);
    }
}
