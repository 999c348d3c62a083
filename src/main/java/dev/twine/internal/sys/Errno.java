package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import dev.twine.internet.error.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** errno values: their symbolic names, the C library's descriptions, and the exception that carries them. */
public final class Errno {
    public static final int EINTR = LibC.EINTR();
    public static final int EAGAIN = LibC.EAGAIN();
    public static final int EBADF = LibC.EBADF();
    public static final int EPERM = LibC.EPERM();
    public static final int ESRCH = LibC.ESRCH();
    public static final int ENOENT = LibC.ENOENT();
    public static final int EEXIST = LibC.EEXIST();
    public static final int EINPROGRESS = LibC.EINPROGRESS();
    public static final int EMFILE = LibC.EMFILE();
    public static final int ENFILE = LibC.ENFILE();
    public static final int ENOBUFS = LibC.ENOBUFS();
    public static final int ENOMEM = LibC.ENOMEM();
    public static final int EACCES = LibC.EACCES();
    public static final int EADDRINUSE = LibC.EADDRINUSE();
    public static final int EADDRNOTAVAIL = LibC.EADDRNOTAVAIL();
    public static final int ECONNREFUSED = LibC.ECONNREFUSED();
    public static final int ECONNRESET = LibC.ECONNRESET();
    public static final int ECONNABORTED = LibC.ECONNABORTED();
    public static final int ETIMEDOUT = LibC.ETIMEDOUT();
    public static final int ENETUNREACH = LibC.ENETUNREACH();
    public static final int EHOSTUNREACH = LibC.EHOSTUNREACH();
    public static final int EPIPE = LibC.EPIPE();
    public static final int ENOTCONN = LibC.ENOTCONN();
    public static final int ENOTSOCK = LibC.ENOTSOCK();
    public static final int EMSGSIZE = LibC.EMSGSIZE();
    public static final int ELOOP = LibC.ELOOP();
    public static final int EINVAL = LibC.EINVAL();

    private Errno() {
    }

    /** The symbolic name of {@code errno} ({@code "ECONNREFUSED"}), or {@code "errno N"} if it has none. */
    public static String name(int errno) {
        String name = lookUpName(errno);
        return name != null ? name : "errno " + errno;
    }

    /** The C library's description of {@code errno}, from {@code strerror_r}. */
    public static String describe(int errno) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            MemorySegment text = LibC.strerror_r(errno, buf, buf.byteSize());
            return text.reinterpret(1024).getString(0);
        }
    }

    /** The exception for {@code call} having failed with {@code errno}. */
    public static ErrnoException exception(String call, int errno) {
        return new ErrnoException(call, errno, name(errno), describe(errno));
    }

    /**
     * glibc's own name table ({@code strerrorname_np}, glibc 2.32+): no reflection over the bindings, so naming the
     * first errno costs a call, not a scan of every constant (which took 100-200 ms at the first failure).
     */
    private static final MethodHandle STRERRORNAME = Linker.nativeLinker().defaultLookup().find("strerrorname_np")
            .map(address -> Linker.nativeLinker().downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.critical(false)))
            .orElse(null);

    private static String lookUpName(int errno) {
        if (STRERRORNAME == null) {
            return null;
        }
        MemorySegment text;
        try {
            text = (MemorySegment) STRERRORNAME.invokeExact(errno);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        if (text.address() == 0) {
            return null;
        }
        String name = text.reinterpret(64).getString(0);
        return name.startsWith("E") ? name : null;
    }
}
