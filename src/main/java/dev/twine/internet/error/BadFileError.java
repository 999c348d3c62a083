package dev.twine.internet.error;

/**
 * The file of a UNIX socket is no good, e.g. {@code connectUNIX} with {@code checkPID} found no live owner's lock
 * file (Twisted's {@code error.BadFileError}).
 */
public class BadFileError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong, for the log and the stack trace
     */
    public BadFileError(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the failure that caused it.
     *
     * @param message what went wrong, for the log and the stack trace
     * @param cause the failure that led to this one
     */
    public BadFileError(String message, Throwable cause) {
        super(message, cause);
    }
}
