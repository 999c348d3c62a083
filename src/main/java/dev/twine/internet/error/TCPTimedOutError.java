package dev.twine.internet.error;

/** The kernel gave up on the connection (ETIMEDOUT; Twisted's {@code error.TCPTimedOutError}). */
public class TCPTimedOutError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public TCPTimedOutError() {
        super();
    }

    public TCPTimedOutError(String message) {
        super(message);
    }

    public TCPTimedOutError(String message, Throwable cause) {
        super(message, cause);
    }
}
