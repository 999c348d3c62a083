package dev.twine.internet.error;

/** A child process could not be started as asked (a uid/gid that cannot be applied, for example). */
public class ProcessSpawnError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessSpawnError(String message) {
        super(message);
    }

    public ProcessSpawnError(String message, Throwable cause) {
        super(message, cause);
    }
}
