package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.stat;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The calls on names in the filesystem that never follow a symbolic link at the last component of the name:
 * making and reading a link ({@code symlink}, {@code readlink}), removing a name ({@code unlink}), asking what a
 * name is ({@link #lstat}), and changing the mode of exactly the file a name held when it was looked at
 * ({@link #chmodNoFollow}). A link planted at a name the caller uses is then seen as a link, never written,
 * changed or removed through. Components before the last are resolved as usual: the caller picks the directory.
 *
 * <p>{@code symlink} and {@code readlink} are not in the generated bindings (and jextract is not at hand to add
 * them), so they are bound here by name from the C library, with the same errno-capturing handles as the rest.
 * Filesystem calls may block (NFS, FUSE), so none of these handles is critical.
 */
public final class FileNames {
    /** {@code O_PATH}: a descriptor that names a file without opening it for reading or writing. */
    public static final int O_PATH = LibC.O_PATH();
    /**
     * {@code O_NOFOLLOW}: opening a symbolic link fails with ELOOP instead of opening its target (with {@code O_PATH},
     * the link itself is opened instead).
     */
    public static final int O_NOFOLLOW = LibC.O_NOFOLLOW();
    public static final int O_NONBLOCK = LibC.O_NONBLOCK();
    public static final int O_NOCTTY = LibC.O_NOCTTY();
    /** {@code PATH_MAX}: no link's target is longer. */
    private static final int PATH_MAX = 4096;

    private static final MethodHandle SYMLINK = Handles.blocking(Handles.libc("symlink"),
            FunctionDescriptor.of(LibC.C_INT, LibC.C_POINTER, LibC.C_POINTER));
    private static final MethodHandle READLINK = Handles.blocking(Handles.libc("readlink"),
            FunctionDescriptor.of(LibC.C_LONG, LibC.C_POINTER, LibC.C_POINTER, LibC.C_LONG));
    private static final MethodHandle UNLINK = Handles.blocking(LibC.unlink$address(), LibC.unlink$descriptor());
    private static final MethodHandle CHMOD = Handles.blocking(LibC.chmod$address(), LibC.chmod$descriptor());
    private static final MethodHandle FSTAT = Handles.blocking(LibC.fstat$address(), LibC.fstat$descriptor());
    private static final MethodHandle FCHMOD = Handles.blocking(Handles.libc("fchmod"),
            FunctionDescriptor.of(LibC.C_INT, LibC.C_INT, LibC.C_INT));

    private FileNames() {
    }

    /**
     * Makes {@code path} a symbolic link holding {@code target}. Atomic, and it never follows anything at
     * {@code path}: any file there, a dangling link too, makes it fail with EEXIST.
     */
    public static void symlink(String target, String path) {
        ThreadFrame frame = ThreadFrame.current();
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) SYMLINK.invokeExact(frame.errnoState, arena.allocateFrom(target), arena.allocateFrom(path));
            Call.check(rc, frame, "symlink(" + path + ")");
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /**
     * Sets the permission bits of the inode {@code fd} stands for. On a socket not yet bound, that is the mode its
     * file gets when {@code bind} makes it (less the umask): set first, the file never exists with a wider mode.
     */
    public static void fchmod(int fd, int mode) {
        ThreadFrame frame = ThreadFrame.current();
        try {
            int rc = (int) FCHMOD.invokeExact(frame.errnoState, fd, mode & 07777);
            Call.check(rc, frame, "fchmod", fd);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** What the symbolic link {@code path} holds; EINVAL if {@code path} is not a link, ENOENT if it is gone. */
    public static String readlink(String path) {
        ThreadFrame frame = ThreadFrame.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(PATH_MAX);
            long n = (long) READLINK.invokeExact(frame.errnoState, arena.allocateFrom(path), buffer, (long) PATH_MAX);
            Call.check(n, frame, "readlink(" + path + ")");
            byte[] bytes = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** Removes the name {@code path} (a link itself, never its target). */
    public static void unlink(String path) {
        ThreadFrame frame = ThreadFrame.current();
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) UNLINK.invokeExact(frame.errnoState, arena.allocateFrom(path));
            Call.check(rc, frame, "unlink(" + path + ")");
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /**
     * Opens {@code path} with {@code flags} and {@code O_NOFOLLOW} (and {@code O_CLOEXEC}): a link at the name
     * fails with ELOOP. Never creates a file unless {@code flags} say so.
     */
    public static int openNoFollow(String path, int flags) {
        return Syscalls.open(path, flags | O_NOFOLLOW);
    }

    /** What the name {@code path} is, a link itself rather than its target. */
    public static FileStatus lstat(String path) {
        int fd = openNoFollow(path, O_PATH);
        try {
            return fstat(fd);
        } finally {
            Syscalls.close(fd);
        }
    }

    /** What the open file {@code fd} is ({@code fstat}; an {@code O_PATH} descriptor will do). */
    public static FileStatus fstat(int fd) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment buffer = frame.scratch;
        int rc;
        try {
            rc = (int) FSTAT.invokeExact(frame.errnoState, fd, buffer);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "fstat", fd);
        return new FileStatus(stat.st_mode(buffer), stat.st_dev(buffer), stat.st_ino(buffer));
    }

    /**
     * Gives the file at {@code path} the permission bits {@code mode & 07777}, if it is of a kind {@code accept}
     * takes, and returns what it was. A link at the name is never followed: the name is opened with
     * {@code O_PATH | O_NOFOLLOW} (which pins the link itself, refused here), the file so pinned is checked, and its
     * mode is changed through
     * {@code /proc/self/fd}, which reaches exactly that file even if the name is replaced meanwhile ({@code fchmod}
     * refuses an {@code O_PATH} descriptor; this is how glibc's {@code fchmodat(AT_SYMLINK_NOFOLLOW)} does it).
     *
     * @throws IllegalStateException if the file is a link or not of the kind asked for
     * @throws dev.twine.internet.error.ErrnoException for ENOENT (no such file, or no /proc)...
     */
    public static FileStatus chmodNoFollow(String path, int mode, java.util.function.Predicate<FileStatus> accept,
            String kind) {
        int fd = openNoFollow(path, O_PATH);
        try {
            FileStatus status = fstat(fd);
            // O_PATH|O_NOFOLLOW opens a link itself rather than failing; a chmod through /proc/self/fd of a link
            // would follow it, so a link is refused here whatever the caller accepts.
            if (status.isLink()) {
                throw new IllegalStateException(path + " is a symbolic link: it is not followed, and nothing is changed");
            }
            if (!accept.test(status)) {
                throw new IllegalStateException(path + " is not " + kind + " (mode 0" + Integer.toOctalString(
                        status.mode()) + "): its mode is left alone");
            }
            ThreadFrame frame = ThreadFrame.current();
            try (Arena arena = Arena.ofConfined()) {
                int rc = (int) CHMOD.invokeExact(frame.errnoState, arena.allocateFrom("/proc/self/fd/" + fd),
                        mode & 07777);
                Call.check(rc, frame, "chmod(" + path + " through /proc/self/fd)");
            }
            return status;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        } finally {
            Syscalls.close(fd);
        }
    }
}
