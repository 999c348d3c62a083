package dev.twine.internet.error;

/** The process has exited already, so it cannot be signalled (Twisted's {@code error.ProcessExitedAlready}). */
public class ProcessExitedAlready extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessExitedAlready(String message) {
        super(message);
    }
}
