package dev.twine.internet.error;

/** No route to the host (EHOSTUNREACH, ENETUNREACH; Twisted's {@code error.NoRouteError}). */
public class NoRouteError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public NoRouteError() {
        super();
    }

    public NoRouteError(String message) {
        super(message);
    }

    public NoRouteError(String message, Throwable cause) {
        super(message, cause);
    }
}
