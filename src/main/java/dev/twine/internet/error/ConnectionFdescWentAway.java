package dev.twine.internet.error;

/** The file descriptor of a selectable was closed (its {@code fileno()} became -1) while the reactor still watched it (Twisted's {@code error.ConnectionFdescWentAway}). */
public class ConnectionFdescWentAway extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    public ConnectionFdescWentAway() {
        super();
    }

    public ConnectionFdescWentAway(String message) {
        super(message);
    }

    public ConnectionFdescWentAway(String message, Throwable cause) {
        super(message, cause);
    }
}
