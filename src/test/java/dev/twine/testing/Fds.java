package dev.twine.testing;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Syscalls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Real kernel descriptors for a test, closed together by {@link #close()} (those already closed by the test are
 * skipped: a test marks them with {@link #closed}).
 */
public final class Fds implements AutoCloseable {
    private static final int SOCK_TYPE = LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();

    private final Deque<Integer> open = new ArrayDeque<>();

    /** A non-blocking AF_UNIX stream socket pair. */
    public int[] socketpair() {
        return track(Syscalls.socketpair(LibC.AF_UNIX(), SOCK_TYPE, 0));
    }

    /** A non-blocking pipe: {@code {read end, write end}}. */
    public int[] pipe() {
        return track(Syscalls.pipe(Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC));
    }

    /** Tracks descriptors created elsewhere. */
    public int[] track(int... fds) {
        for (int fd : fds) {
            open.push(fd);
        }
        return fds;
    }

    /** Closes {@code fd} now. */
    public void close(int fd) {
        closed(fd);
        Syscalls.close(fd);
    }

    /** Forgets {@code fd}: something else closed it. */
    public void closed(int fd) {
        open.removeFirstOccurrence(fd);
    }

    /** Writes all of {@code text} (a non-blocking descriptor must have room). */
    public static void write(int fd, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int n = Syscalls.write(fd, bytes, 0, bytes.length);
        if (n != bytes.length) {
            throw new AssertionError("short write: " + n + " of " + bytes.length);
        }
    }

    @Override
    public void close() {
        while (!open.isEmpty()) {
            Syscalls.close(open.pop());
        }
    }
}
