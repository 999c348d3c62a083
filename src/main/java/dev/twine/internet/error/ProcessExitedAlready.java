package dev.twine.internet.error;

/** The process has exited already, so it cannot be signalled (Twisted's {@code error.ProcessExitedAlready}). */
public class ProcessExitedAlready extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ProcessExitedAlready(String message) {
        super(message);
    }
}
