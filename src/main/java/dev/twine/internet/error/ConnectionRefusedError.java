package dev.twine.internet.error;

/** The other side refused the connection (ECONNREFUSED; Twisted's {@code error.ConnectionRefusedError}). */
public class ConnectionRefusedError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public ConnectionRefusedError() {
        super();
    }

    public ConnectionRefusedError(String message) {
        super(message);
    }

    public ConnectionRefusedError(String message, Throwable cause) {
        super(message, cause);
    }
}
