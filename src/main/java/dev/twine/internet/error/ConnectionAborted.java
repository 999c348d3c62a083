package dev.twine.internet.error;

/** The connection was aborted locally with {@code abortConnection} (Twisted's {@code error.ConnectionAborted}). */
public class ConnectionAborted extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    public ConnectionAborted() {
        super();
    }

    public ConnectionAborted(String message) {
        super(message);
    }

    public ConnectionAborted(String message, Throwable cause) {
        super(message, cause);
    }
}
