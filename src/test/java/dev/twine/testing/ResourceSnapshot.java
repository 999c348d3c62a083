package dev.twine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a test may leak: open descriptors (from /proc/self/fd), Twine's threads, and native memory (FFM arenas are
 * counted in the JVM's "direct" buffer pool). Take one before the test, {@link #assertNothingLeaked()} after.
 */
public final class ResourceSnapshot {
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Set<String> fds;
    private final Set<String> threads;
    private final long nativeBytes;
    private final long arenas;

    private ResourceSnapshot(Set<String> fds, Set<String> threads, long nativeBytes, long arenas) {
        this.fds = fds;
        this.threads = threads;
        this.nativeBytes = nativeBytes;
        this.arenas = arenas;
    }

    public static ResourceSnapshot take() {
        // Per-thread syscall scratch and class-level constants live as long as the thread or class: not leaks.
        dev.twine.internal.sys.Syscalls.getpid();
        growThreadBounce();
        try {
            Class.forName(dev.twine.internal.sys.EventFd.class.getName(), true,
                    ResourceSnapshot.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        return new ResourceSnapshot(openFds(), twineThreads(), nativeBytes(),
                dev.twine.internal.sys.TrackedArena.liveArenas());
    }

    /** The largest datagram or read the tests push through a heap array. */
    private static final int BOUNCE_BYTES = 128 * 1024;

    /**
     * On the JDK 22-23 handle path ({@code -Dtwine.criticalHandles=false}) heap-array I/O goes through a per-thread
     * native copy that lives as long as the thread: grow it before the snapshot, as the thread's frame is.
     */
    private static void growThreadBounce() {
        int[] pipe = dev.twine.internal.sys.Syscalls.pipe(
                dev.twine.internal.sys.Syscalls.O_NONBLOCK | dev.twine.internal.sys.Syscalls.O_CLOEXEC);
        try {
            dev.twine.internal.sys.Syscalls.read(pipe[0], new byte[BOUNCE_BYTES], 0, BOUNCE_BYTES);
        } finally {
            dev.twine.internal.sys.Syscalls.close(pipe[0]);
            dev.twine.internal.sys.Syscalls.close(pipe[1]);
        }
        // recvmsg (UNIX sockets) lands data in the same area on every JDK: its iovec cannot point into the heap.
        int[] pair = dev.twine.internal.sys.Syscalls.socketpair(dev.twine.internal.sys.Sockets.AF_UNIX,
                dev.twine.internal.sys.Sockets.SOCK_STREAM | dev.twine.internal.linux.LibC.SOCK_NONBLOCK()
                        | dev.twine.internal.linux.LibC.SOCK_CLOEXEC(), 0);
        try {
            dev.twine.internal.sys.UnixSockets.recvmsg(pair[0], new byte[BOUNCE_BYTES], 0, BOUNCE_BYTES,
                    new dev.twine.internal.sys.ReceivedFds());
        } finally {
            dev.twine.internal.sys.Syscalls.close(pair[0]);
            dev.twine.internal.sys.Syscalls.close(pair[1]);
        }
    }

    /** Whether a socket of {@code type} (SOCK_STREAM, SOCK_DGRAM) can bind ::1 here; IPv6 tests skip without it. */
    public static boolean ipv6Loopback(int type) {
        int s;
        try {
            s = dev.twine.internal.sys.Sockets.socket(dev.twine.internal.sys.Sockets.AF_INET6, type);
        } catch (dev.twine.internet.error.ErrnoException e) {
            return false;
        }
        try {
            dev.twine.internal.sys.Sockets.bind(s,
                    new java.net.InetSocketAddress(java.net.InetAddress.ofLiteral("::1"), 0));
            return true;
        } catch (dev.twine.internet.error.ErrnoException e) {
            return false;
        } finally {
            dev.twine.internal.sys.Syscalls.close(s);
        }
    }

    /** Open descriptors, each as "number -> target". */
    public static Set<String> openFds() {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            Set<String> out = new TreeSet<>();
            for (Path p : entries.toList()) {
                try {
                    out.add(p.getFileName() + " -> " + Files.readSymbolicLink(p));
                } catch (IOException gone) {
                    // the descriptor used to list the directory itself, closed by now
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<String> twineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("twine-"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Native memory held by Twine's tracked arenas plus the JVM's "direct" pool (automatic arenas, buffers). */
    public static long nativeBytes() {
        return dev.twine.internal.sys.TrackedArena.liveBytes() + ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
    }

    /**
     * Fails unless descriptors, Twine threads, native memory and open arenas are back where they were. Threads and
     * automatic arenas end asynchronously, so this polls (with GC for the arenas) for a bounded time before failing.
     */
    public void assertNothingLeaked() {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (System.nanoTime() < deadline) {
            if (openFds().equals(fds) && twineThreads().isEmpty() && nativeBytes() <= nativeBytes
                    && dev.twine.internal.sys.TrackedArena.liveArenas() <= arenas) {
                return;
            }
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        Set<String> extraFds = new TreeSet<>(openFds());
        extraFds.removeAll(fds);
        assertThat(extraFds).as("descriptors opened by the test and left open").isEmpty();
        assertThat(twineThreads()).as("Twine threads still alive (before: %s)", threads).isEmpty();
        assertThat(nativeBytes()).as("native (direct) memory in use").isLessThanOrEqualTo(nativeBytes);
        assertThat(dev.twine.internal.sys.TrackedArena.liveArenas()).as("native arenas left open")
                .isLessThanOrEqualTo(arenas);
    }
}
