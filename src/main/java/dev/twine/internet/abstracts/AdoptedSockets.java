package dev.twine.internet.abstracts;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.UnsupportedAddressFamily;
import dev.twine.internet.error.UnsupportedSocketType;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What every transport's {@code adopt...} shares: checking that a caller's descriptor is the socket it is said to
 * be, and taking a non-blocking duplicate of it that the transport owns, so the caller keeps (and may close) its own
 * descriptor, as Twisted's adoption does with {@code socket.fromfd}.
 */
public final class AdoptedSockets {
    private AdoptedSockets() {
    }

    /** AF_INET or AF_INET6 for {@code family}; {@code what} names the adoption in the error for anything else. */
    public static int inetDomain(ProtocolFamily family, String what) {
        Objects.requireNonNull(family, "family");
        if (family == StandardProtocolFamily.INET) {
            return Sockets.AF_INET;
        }
        if (family == StandardProtocolFamily.INET6) {
            return Sockets.AF_INET6;
        }
        throw new UnsupportedAddressFamily(what + " takes INET or INET6 sockets, not " + family);
    }

    /**
     * Checks that {@code fd} is a socket of {@code domain} (named {@code family} in errors) and of {@code type}
     * (named {@code typeName}).
     *
     * @throws UnsupportedSocketType if it is not a socket, or of another type
     * @throws UnsupportedAddressFamily if it is a socket of another family
     * @throws ErrnoException naming the descriptor, if it is not open
     */
    public static void check(int fd, int domain, Object family, int type, String typeName) {
        int actual;
        try {
            actual = Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_DOMAIN);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOTSOCK) {
                throw new UnsupportedSocketType("descriptor " + fd + " is not a socket", e);
            }
            throw Errno.exception("getsockopt(" + fd + ", SO_DOMAIN)", e.errno());
        }
        if (actual != domain) {
            throw new UnsupportedAddressFamily("descriptor " + fd + " is a socket of address family " + actual
                    + ", not " + family + " (" + domain + ")");
        }
        int actualType = Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_TYPE);
        if (actualType != type) {
            throw new UnsupportedSocketType("descriptor " + fd + " is a socket of type " + actualType + ", not "
                    + typeName + " (" + type + ")");
        }
    }

    /**
     * A non-blocking duplicate of {@code fd} handed to {@code make}; if {@code make} throws, the duplicate is
     * closed and nothing is left open.
     */
    public static <T> T duplicate(int fd, IntFunction<T> make) {
        int dup = Sockets.dup(fd);
        try {
            Syscalls.setNonBlocking(dup);
            return make.apply(dup);
        } catch (RuntimeException | Error e) {
            Syscalls.close(dup);
            throw e;
        }
    }
}
