package dev.twine.internet.error;

/** The attempt was stopped by the user ({@code stopConnecting}; Twisted's {@code error.UserError}). */
public class UserError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public UserError() {
        super();
    }

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
