package dev.twine.internet.unix;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ErrnoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A lock held by a live process: Twisted's {@code lockfile.FilesystemLock}, as a file that holds the owner's
 * process id (Twisted uses a symbolic link; the bindings have no {@code symlink}, and a file created with
 * {@code O_EXCL} is as atomic). A lock whose owner is dead ({@code kill(pid, 0)} gives ESRCH) is stale: it is
 * removed and taken, and {@link #clean()} says so.
 */
final class LockFile {
    private final Path path;
    private boolean locked;
    private boolean clean = true;

    LockFile(Path path) {
        this.path = path;
    }

    /** Takes the lock; false if a live process holds it. */
    boolean lock() {
        boolean wasClean = true;
        while (true) {
            try {
                create();
            } catch (FileAlreadyExistsException held) {
                Integer owner = owner(path);
                if (owner == null) {
                    // Released since we looked: try again.
                    continue;
                }
                if (alive(owner)) {
                    return false;
                }
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove stale lock " + path, e);
                }
                wasClean = false;
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create lock " + path, e);
            }
            locked = true;
            clean = wasClean;
            return true;
        }
    }

    /**
     * Makes the lock file whole or not at all: the id is written to a file of this process's own, which is then
     * hard-linked to the lock's name ({@code link} fails if the name exists, as Twisted's {@code symlink} does).
     */
    private void create() throws IOException {
        int pid = Syscalls.getpid();
        Path draft = path.resolveSibling(path.getFileName() + "." + pid + ".new");
        Files.write(draft, Integer.toString(pid).getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try {
            Files.createLink(path, draft);
        } finally {
            Files.deleteIfExists(draft);
        }
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
        Integer owner = owner(path);
        if (owner != null && owner == Syscalls.getpid()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // Nothing more to do: a later lock() sees this process's id, live, and the caller learns of it then.
            }
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

    /** The process id in the lock file, or null if it is gone. */
    private static Integer owner(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lock " + path, e);
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("lock file " + path + " holds no process id: '" + text + "'", e);
        }
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
