package dev.twine.internet.error;

/**
 * A port could not listen: the address is in use, not local, or not permitted (Twisted's
 * {@code error.CannotListenError}). Carries the interface and port asked for; the cause is the system call's
 * {@link ErrnoException}.
 */
public class CannotListenError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String iface;
    private final int port;

    public CannotListenError(String iface, int port, Throwable cause) {
        super("Couldn't listen on " + (iface == null || iface.isEmpty() ? "any" : iface) + ":" + port + ": "
                + (cause == null ? "unknown error" : cause.getMessage()), cause);
        this.iface = iface;
        this.port = port;
    }

    /**
     * A UNIX socket could not listen on {@code address} (a path, or an abstract name shown with {@code @}); the
     * port is -1.
     */
    public CannotListenError(String address, Throwable cause) {
        super("Couldn't listen on " + address + ": " + (cause == null ? "unknown error" : cause.getMessage()), cause);
        this.iface = address;
        this.port = -1;
    }

    /** The interface asked for ({@code ""}: all). */
    public String iface() {
        return iface;
    }

    /** The port asked for. */
    public int port() {
        return port;
    }
}
