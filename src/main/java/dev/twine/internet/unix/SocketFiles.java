package dev.twine.internet.unix;

import dev.twine.internal.sys.FileNames;
import dev.twine.internal.sys.FileStatus;
import dev.twine.internet.error.ErrnoException;

/**
 * The filesystem side of UNIX sockets: which names are paths, their mode, and their removal. Nothing here follows
 * a symbolic link at the socket's name, and nothing removes a file that is not the socket it was given: a name in a
 * directory others can write to may be swapped for a link or another file at any moment.
 */
final class SocketFiles {
    private SocketFiles() {
    }

    /** Whether {@code name} is a filesystem path (not null, not an abstract name). */
    static boolean inFilesystem(String name) {
        return name != null && !name.startsWith("\0");
    }

    /**
     * Gives the socket at {@code path} {@code mode}'s permission bits (07777; other bits are ignored, as by
     * {@code chmod}) and returns which file it is, for {@link #removeIfSame}. {@code chmod(2)} by name would follow a
     * link swapped in after {@code bind} and change its target (as root: any file); this pins the name without
     * following it and changes exactly the socket found ({@link FileNames#chmodNoFollow}).
     *
     * @throws ErrnoException ELOOP if the name is a link now, or if it cannot be changed
     * @throws IllegalStateException if the name holds something other than a socket
     */
    static FileStatus chmod(String path, int mode) {
        return FileNames.chmodNoFollow(path, mode, FileStatus::isSocket, "a socket");
    }

    /**
     * Just after {@code bind}: which socket file was made at {@code path}, with its mode set to {@code mode}
     * ({@link #chmod}). The name is looked at first and the mode is then set on the file then found, which must be
     * the same one: a name swapped between the two calls fails, and nothing but our own socket is removed.
     *
     * @throws IllegalStateException if {@code path} is not a socket or changed under us
     * @throws ErrnoException if the mode cannot be set
     */
    static FileStatus claim(String path, int mode) {
        FileStatus bound = socketAt(path);
        if (bound == null) {
            throw new IllegalStateException(path + " is not the socket just bound: something replaced it");
        }
        FileStatus changed;
        try {
            changed = chmod(path, mode);
        } catch (RuntimeException e) {
            // Ours, and of no use without its mode (or a link now, which stays).
            removeIfSame(path, bound);
            throw e;
        }
        if (!bound.sameFile(changed)) {
            throw new IllegalStateException(path + " was replaced while its mode was being set");
        }
        return bound;
    }

    /** Which socket is at {@code path}, without following a link; null if it is not a socket (or not there). */
    static FileStatus socketAt(String path) {
        try {
            FileStatus status = FileNames.lstat(path);
            return status.isSocket() ? status : null;
        } catch (ErrnoException e) {
            return null;
        }
    }

    /**
     * Removes {@code path} if it is a socket (a dead owner's, for a listener that holds the lock), never a link or
     * any other file. The name is looked at and then removed: what a writer of the directory swaps in between is
     * removed instead, a name it could have removed itself.
     */
    static void removeIfSocket(String path) {
        if (socketAt(path) != null) {
            unlinkQuietly(path);
        }
    }

    /**
     * Removes {@code path} if it still is the socket {@code bound} (same device and inode): not a link, not a file,
     * not another listener's socket that has taken the name since. A failure is of no use to anyone, as in Twisted's
     * cleanup.
     */
    static void removeIfSame(String path, FileStatus bound) {
        if (bound != null && bound.sameFile(socketAt(path))) {
            unlinkQuietly(path);
        }
    }

    private static void unlinkQuietly(String path) {
        try {
            FileNames.unlink(path);
        } catch (ErrnoException ignored) {
            // left behind: the next listener with wantPID removes it, any other gets EADDRINUSE
        }
    }
}
