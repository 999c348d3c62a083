package dev.twine.internet.error;

/** The local address of an outgoing connection could not be bound (Twisted's {@code error.ConnectBindError}). */
public class ConnectBindError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public ConnectBindError() {
        super();
    }

    public ConnectBindError(String message) {
        super(message);
    }

    public ConnectBindError(String message, Throwable cause) {
        super(message, cause);
    }
}
