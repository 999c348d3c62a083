package dev.twine.testing;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ErrnoException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * This process's descriptor table, for tests that run it out of room for real: lower RLIMIT_NOFILE to (or a little
 * above) {@link #lowestFree()}, then {@link #fill} what is left, so the next call that needs a descriptor gets EMFILE.
 */
public final class DescriptorTable {
    private DescriptorTable() {
    }

    /** The lowest descriptor number not open in this process, as {@code /proc/self/fd} lists them. */
    public static int lowestFree() {
        Set<Integer> open = new HashSet<>();
        for (String entry : ResourceSnapshot.openFds()) {
            open.add(Integer.parseInt(entry.substring(0, entry.indexOf(' '))));
        }
        int fd = 0;
        while (open.contains(fd)) {
            fd++;
        }
        return fd;
    }

    /**
     * Takes every descriptor number still free under the limit (opening {@code /dev/null}) and returns them, for the
     * caller to close; fails, closing them, if an open fails with anything but EMFILE.
     */
    public static List<Integer> fill() {
        List<Integer> taken = new ArrayList<>();
        while (true) {
            try {
                taken.add(Syscalls.open("/dev/null", Syscalls.O_RDONLY));
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EMFILE) {
                    taken.forEach(Syscalls::close);
                    throw new AssertionError("filling the descriptor table: " + e.getMessage(), e);
                }
                return taken;
            }
        }
    }
}
