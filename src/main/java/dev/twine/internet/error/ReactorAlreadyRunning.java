package dev.twine.internet.error;

/** Raised by {@code run()} on a reactor that is already running (Twisted's {@code error.ReactorAlreadyRunning}). */
public class ReactorAlreadyRunning extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReactorAlreadyRunning() {
        super();
    }

    public ReactorAlreadyRunning(String message) {
        super(message);
    }

    public ReactorAlreadyRunning(String message, Throwable cause) {
        super(message, cause);
    }
}
