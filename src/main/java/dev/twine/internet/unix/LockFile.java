package dev.twine.internet.unix;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.FileNames;
import dev.twine.internal.sys.FileStatus;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ErrnoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A lock held by a live process: Twisted's {@code lockfile.FilesystemLock}, a symbolic link whose target is the
 * owner's process id. {@code symlink(2)} makes the link atomically and fails on any name that exists, a planted
 * link too, and {@code readlink(2)} reads the link itself: nothing at the lock's name is ever followed, written or
 * created through, and there is no temporary file. A lock whose owner is dead ({@code kill(pid, 0)} gives ESRCH)
 * is stale: it is removed and taken, and {@link #clean()} says so.
 *
 * <p>A plain file holding a pid (the format Twine wrote before) is still read, opened with {@code O_NOFOLLOW} and
 * {@code O_NONBLOCK} so a link or a FIFO swapped in cannot be followed or block. Anything else at the name (a link
 * or file that holds no pid) is not a lock of ours: taking it fails, naming the lock, and leaves it alone.
 *
 * <p>As Twisted's, breaking a stale lock is {@code readlink}, {@code kill}, {@code unlink}: two processes that find
 * the same stale lock at the same moment may both break it, and the slower one then removes the lock the faster one
 * had just made. POSIX has no "remove this name only if it still holds X"; the window is a few system calls wide.
 */
final class LockFile {
    /** Rounds of "exists, but is gone when read" before giving up: the name is changing under us on purpose. */
    private static final int MAX_ATTEMPTS = 100;
    /** The longest old-format lock file read: a pid and a newline fit many times over. */
    private static final int MAX_OLD_FORMAT = 64;

    private final String path;
    private boolean locked;
    private boolean clean = true;

    LockFile(Path path) {
        this.path = path.toString();
    }

    /**
     * Takes the lock; false if a live process holds it.
     *
     * @throws ErrnoException if the link cannot be made (EACCES, ENOENT for a missing directory...) or read
     * @throws IllegalStateException if the name holds something that is no lock, or keeps changing
     */
    boolean lock() {
        boolean wasClean = true;
        String me = Integer.toString(Syscalls.getpid());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                FileNames.symlink(me, path);
                locked = true;
                clean = wasClean;
                return true;
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EEXIST) {
                    throw e;
                }
            }
            Integer owner = owner(path);
            if (owner == null) {
                // Released since we looked: try again.
                continue;
            }
            if (alive(owner)) {
                return false;
            }
            try {
                FileNames.unlink(path);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
                // Another process broke it first: race it for the lock.
            }
            wasClean = false;
        }
        throw new IllegalStateException("lock " + path + " keeps changing: gave up after " + MAX_ATTEMPTS + " tries");
    }

    /** Whether the last {@link #lock()} took the lock without removing a stale one. */
    boolean clean() {
        return clean;
    }

    /** Removes the lock if this process holds it. */
    void unlock() {
        if (!locked) {
            return;
        }
        locked = false;
        try {
            Integer owner = owner(path);
            if (owner != null && owner == Syscalls.getpid()) {
                FileNames.unlink(path);
            }
        } catch (RuntimeException ignored) {
            // Nothing more to do: a later lock() sees this process's id, live, and the caller learns of it then.
        }
    }

    /**
     * Whether a live process holds the lock at {@code path}: Twisted's {@code lockfile.isLocked}. A stale lock is
     * removed on the way, as Twisted's does.
     */
    static boolean isLocked(Path path) {
        LockFile probe = new LockFile(path);
        if (probe.lock()) {
            probe.unlock();
            return false;
        }
        return true;
    }

    /** The process id the lock at {@code path} holds, or null if it is gone. */
    private static Integer owner(String path) {
        String text;
        try {
            text = FileNames.readlink(path);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            if (e.errno() != Errno.EINVAL) {
                throw e;
            }
            // Not a link: a plain file in the old format, or something else.
            text = readOldFormat(path);
            if (text == null) {
                return null;
            }
        }
        return pid(text, path);
    }

    /** What an old-format lock file holds; null if the name went away or became a link meanwhile. */
    private static String readOldFormat(String path) {
        int fd;
        try {
            fd = FileNames.openNoFollow(path, Syscalls.O_RDONLY | FileNames.O_NONBLOCK | FileNames.O_NOCTTY);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ELOOP) {
                return null;
            }
            throw e;
        }
        try {
            FileStatus status = FileNames.fstat(fd);
            if (!status.isRegular()) {
                throw new IllegalStateException("lock " + path + " is neither a symbolic link nor a regular file");
            }
            byte[] bytes = new byte[MAX_OLD_FORMAT];
            int n = Syscalls.read(fd, bytes, 0, bytes.length);
            return new String(bytes, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        } finally {
            Syscalls.close(fd);
        }
    }

    /** {@code text} as a pid: digits only (no sign: {@code kill(-1, 0)} would ask about every process). */
    private static int pid(String text, String path) {
        String digits = text.strip();
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Its content is not repeated: the name may lead anywhere, and the message may be logged.
            throw new IllegalStateException("lock " + path + " holds no process id: not a lock of ours");
        }
        int pid = Integer.parseInt(digits);
        if (pid <= 0) {
            throw new IllegalStateException("lock " + path + " holds no process id: not a lock of ours");
        }
        return pid;
    }

    private static boolean alive(int pid) {
        try {
            Syscalls.kill(pid, 0);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPERM) {
                return true;
            }
            if (e.errno() == Errno.ESRCH) {
                return false;
            }
            throw e;
        }
    }
}
