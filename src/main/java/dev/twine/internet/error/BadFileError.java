package dev.twine.internet.error;

/**
 * The file of a UNIX socket is no good, e.g. {@code connectUNIX} with {@code checkPID} found no live owner's lock
 * file (Twisted's {@code error.BadFileError}).
 */
public class BadFileError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public BadFileError(String message) {
        super(message);
    }

    public BadFileError(String message, Throwable cause) {
        super(message, cause);
    }
}
