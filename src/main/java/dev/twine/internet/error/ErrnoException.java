package dev.twine.internet.error;

/**
 * A system call failed: carries the call's name, the errno value, its symbolic name and the C library's
 * description, so a caller can branch on {@link #errno()} or {@link #errnoName()} and a log line says
 * everything ({@code "connect: ECONNREFUSED (Connection refused)"}). Twisted surfaces the same failure as
 * Python's {@code OSError}.
 */
public class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String errnoName;
    private final String description;

    public ErrnoException(String call, int errno, String errnoName, String description) {
        super(call + ": " + errnoName + " (" + description + ")");
        this.call = call;
        this.errno = errno;
        this.errnoName = errnoName;
        this.description = description;
    }

    /** The failed call, as named in C ({@code "epoll_ctl"}), possibly with context ({@code "bind 127.0.0.1:80"}). */
    public String call() {
        return call;
    }

    /** The errno value, as the kernel returned it. */
    public int errno() {
        return errno;
    }

    /** The symbolic name of {@link #errno()}, such as {@code "ECONNREFUSED"}. */
    public String errnoName() {
        return errnoName;
    }

    /** The C library's text for {@link #errno()} ({@code strerror}). */
    public String description() {
        return description;
    }
}
