package dev.twine.internet.error;

/** A child process could not be started as asked (a uid/gid that cannot be applied, for example). */
public class ProcessSpawnError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public ProcessSpawnError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public ProcessSpawnError(String message, Throwable cause) {
        super(message, cause);
    }
}
