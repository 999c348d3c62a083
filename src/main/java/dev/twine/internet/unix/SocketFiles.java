package dev.twine.internet.unix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** The filesystem side of UNIX sockets: which names are paths, their mode, and their removal. */
final class SocketFiles {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private SocketFiles() {
    }

    /** Whether {@code name} is a filesystem path (not null, not an abstract name). */
    static boolean inFilesystem(String name) {
        return name != null && !name.startsWith("\0");
    }

    /** Gives the file {@code mode}'s permission bits (0777; other bits are ignored, as {@code chmod} of a socket). */
    static void chmod(String path, int mode) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(BITS[bit]);
            }
        }
        Files.setPosixFilePermissions(Path.of(path), permissions);
    }

    /** Whether {@code path} names a socket (and not a link to one), for removing what a dead owner left. */
    static boolean isSocket(String path) {
        try {
            Object mode = Files.getAttribute(Path.of(path), "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Removes the file if it is there; a failure is of no use to anyone, as in Twisted's cleanup. */
    static void removeQuietly(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException ignored) {
            // left behind: the next listener with wantPID removes it, any other gets EADDRINUSE
        }
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
}
