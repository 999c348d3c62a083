package dev.twine.internal.sys;

/**
 * What {@link FileNames#lstat} and {@link FileNames#fstat} report of a file: its type and permission bits
 * ({@code st_mode}) and which file it is ({@code st_dev}, {@code st_ino}), so a name can be checked to still be the
 * very file it was before anything is done to it.
 */
public record FileStatus(int mode, long device, long inode) {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;

    /** A socket. */
    public boolean isSocket() {
        return (mode & S_IFMT) == S_IFSOCK;
    }

    /** A symbolic link itself (only {@link FileNames#lstat} can see one). */
    public boolean isLink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** A regular file. */
    public boolean isRegular() {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** The permission bits (and set-id and sticky bits): {@code mode & 07777}. */
    public int permissions() {
        return mode & 07777;
    }

    /** Whether {@code other} is the same file (device and inode), whatever its name now. */
    public boolean sameFile(FileStatus other) {
        return other != null && device == other.device && inode == other.inode;
    }
}
