package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.linux.LibC;
import dev.twine.internet.error.ErrnoException;
import dev.twine.testing.ResourceSnapshot;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The descriptor calls of {@link Syscalls}, one behaviour each, against the real kernel. */
@Timeout(20)
class SyscallsTest {
    private static final int SOCK_TYPE = LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();

    static final long BOUNCE_BYTES = 64 * 1024;

    private ResourceSnapshot before;

    @BeforeEach
    void snapshot() {
        // The JDK 22-23 path copies heap arrays through a per-thread native buffer that lives as long as the
        // thread: allocate it before the snapshot, as the snapshot does for the rest of the thread's frame.
        ThreadFrame.current().bounce(BOUNCE_BYTES);
        before = ResourceSnapshot.take();
    }

    @AfterEach
    void nothingLeaked() {
        before.assertNothingLeaked();
    }

    @Test
    void criticalCaptureIsAvailableFromJdk24() {
        // -Dtwine.criticalHandles=false forces the JDK 22-23 path on any JDK.
        boolean forcedOff = !Boolean.parseBoolean(System.getProperty("twine.criticalHandles", "true"));
        assertThat(Handles.CRITICAL_CAPTURE).isEqualTo(Runtime.version().feature() >= 24 && !forcedOff);
    }

    @Test
    void heapArraysWithOffsets() {
        int[] pipe = Syscalls.pipe(Syscalls.O_CLOEXEC | Syscalls.O_NONBLOCK);
        try {
            byte[] out = "xxxhello worldyyy".getBytes(StandardCharsets.US_ASCII);
            assertThat(Syscalls.write(pipe[1], out, 3, 11)).isEqualTo(11);

            byte[] in = new byte[20];
            java.util.Arrays.fill(in, (byte) '.');
            assertThat(Syscalls.read(pipe[0], in, 4, 5)).isEqualTo(5);
            assertThat(Syscalls.read(pipe[0], in, 9, 11)).as("only what is left").isEqualTo(6);
            assertThat(new String(in, StandardCharsets.US_ASCII)).isEqualTo("....hello world.....");
            assertThat(Syscalls.read(pipe[0], in, 0, 1)).isEqualTo(Syscalls.WOULD_BLOCK);

            assertThatThrownBy(() -> Syscalls.read(pipe[0], in, 18, 3))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> Syscalls.write(pipe[1], out, -1, 3))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            Syscalls.close(pipe[0]);
            Syscalls.close(pipe[1]);
        }
    }

    @Test
    void offHeapSegmentsWithOffsets() {
        int[] pair = Syscalls.socketpair(LibC.AF_UNIX(), SOCK_TYPE, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(64);
            for (int i = 0; i < 64; i++) {
                out.set(ValueLayout.JAVA_BYTE, i, (byte) i);
            }
            assertThat(Syscalls.write(pair[0], out, 10, 20)).isEqualTo(20);

            MemorySegment in = arena.allocate(64);
            assertThat(Syscalls.read(pair[1], in, 40, 24)).isEqualTo(20);
            for (int i = 0; i < 20; i++) {
                assertThat(in.get(ValueLayout.JAVA_BYTE, 40 + i)).isEqualTo((byte) (10 + i));
            }
            assertThat(in.get(ValueLayout.JAVA_BYTE, 39)).isZero();
            assertThat(Syscalls.read(pair[1], in, 0, 8)).isEqualTo(Syscalls.WOULD_BLOCK);

            // A heap segment works too where handles are critical (JDK 24+); without, FFM refuses it.
            MemorySegment heap = MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6});
            if (Handles.CRITICAL_CAPTURE) {
                assertThat(Syscalls.write(pair[1], heap, 2, 3)).isEqualTo(3);
                assertThat(Syscalls.read(pair[0], in, 0, 64)).isEqualTo(3);
                assertThat(in.asSlice(0, 3).toArray(ValueLayout.JAVA_BYTE)).containsExactly(3, 4, 5);
            } else {
                assertThatThrownBy(() -> Syscalls.write(pair[1], heap, 2, 3))
                        .isInstanceOf(IllegalArgumentException.class);
            }

            assertThatThrownBy(() -> Syscalls.read(pair[1], in, 60, 8))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            Syscalls.close(pair[0]);
            Syscalls.close(pair[1]);
        }
    }

    @Test
    void endOfFileReadsZero() {
        int[] pipe = Syscalls.pipe(Syscalls.O_CLOEXEC | Syscalls.O_NONBLOCK);
        try {
            Syscalls.close(pipe[1]);
            assertThat(Syscalls.read(pipe[0], new byte[8], 0, 8)).isZero();
        } finally {
            Syscalls.close(pipe[0]);
        }
    }

    @Test
    void pipeFlagsAndSetNonBlocking() {
        int[] blocking = Syscalls.pipe(Syscalls.O_CLOEXEC);
        int[] nonBlocking = Syscalls.pipe(Syscalls.O_CLOEXEC | Syscalls.O_NONBLOCK);
        try {
            for (int fd : blocking) {
                assertThat(Syscalls.fcntl(fd, LibC.F_GETFL(), 0) & Syscalls.O_NONBLOCK).isZero();
                assertThat(Syscalls.fcntl(fd, LibC.F_GETFD(), 0) & LibC.FD_CLOEXEC()).isEqualTo(LibC.FD_CLOEXEC());
            }
            for (int fd : nonBlocking) {
                assertThat(Syscalls.fcntl(fd, LibC.F_GETFL(), 0) & Syscalls.O_NONBLOCK)
                        .isEqualTo(Syscalls.O_NONBLOCK);
            }
            Syscalls.setNonBlocking(blocking[0]);
            Syscalls.setNonBlocking(blocking[0]); // a second time changes nothing
            assertThat(Syscalls.fcntl(blocking[0], LibC.F_GETFL(), 0) & Syscalls.O_NONBLOCK)
                    .isEqualTo(Syscalls.O_NONBLOCK);
            assertThat(Syscalls.read(blocking[0], new byte[1], 0, 1)).isEqualTo(Syscalls.WOULD_BLOCK);

            // F_SETFD clears close-on-exec, and the flag reads back.
            assertThat(Syscalls.fcntl(blocking[1], LibC.F_SETFD(), 0)).isZero();
            assertThat(Syscalls.fcntl(blocking[1], LibC.F_GETFD(), 0) & LibC.FD_CLOEXEC()).isZero();
        } finally {
            for (int fd : blocking) {
                Syscalls.close(fd);
            }
            for (int fd : nonBlocking) {
                Syscalls.close(fd);
            }
        }
    }

    @Test
    void socketpairIsConnectedBothWays() {
        int[] pair = Syscalls.socketpair(LibC.AF_UNIX(), SOCK_TYPE, 0);
        try {
            assertThat(pair[0]).isNotEqualTo(pair[1]);
            assertThat(Syscalls.fcntl(pair[0], LibC.F_GETFL(), 0) & Syscalls.O_NONBLOCK)
                    .isEqualTo(Syscalls.O_NONBLOCK);
            byte[] buf = new byte[4];
            assertThat(Syscalls.write(pair[0], new byte[] {7}, 0, 1)).isEqualTo(1);
            assertThat(Syscalls.read(pair[1], buf, 0, 4)).isEqualTo(1);
            assertThat(buf[0]).isEqualTo((byte) 7);
            assertThat(Syscalls.write(pair[1], new byte[] {9}, 0, 1)).isEqualTo(1);
            assertThat(Syscalls.read(pair[0], buf, 1, 3)).isEqualTo(1);
            assertThat(buf[1]).isEqualTo((byte) 9);
        } finally {
            Syscalls.close(pair[0]);
            Syscalls.close(pair[1]);
        }
        assertThatThrownBy(() -> Syscalls.socketpair(-1, SOCK_TYPE, 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.call()).isEqualTo("socketpair"));
    }

    @Test
    void eventfdCountsAndDrains() {
        int fd = Syscalls.eventfd(3, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
            assertThat(Syscalls.read(fd, counter, 0, 8)).isEqualTo(8);
            assertThat(counter.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(3);
            assertThat(Syscalls.read(fd, counter, 0, 8)).isEqualTo(Syscalls.WOULD_BLOCK);
        } finally {
            Syscalls.close(fd);
        }

        int waker = EventFd.create();
        try {
            assertThat(EventFd.drain(waker)).isFalse();
            EventFd.signal(waker);
            EventFd.signal(waker);
            assertThat(EventFd.drain(waker)).isTrue();
            assertThat(EventFd.drain(waker)).isFalse();
        } finally {
            Syscalls.close(waker);
        }
    }

    @Test
    void isOpenFollowsClose() {
        int[] pipe = Syscalls.pipe(Syscalls.O_CLOEXEC);
        assertThat(Syscalls.isOpen(pipe[0])).isTrue();
        assertThat(Syscalls.isOpen(pipe[1])).isTrue();
        Syscalls.close(pipe[0]);
        Syscalls.close(pipe[1]);
        assertThat(Syscalls.isOpen(pipe[0])).isFalse();
        assertThat(Syscalls.isOpen(pipe[1])).isFalse();
        assertThat(Syscalls.isOpen(-1)).isFalse();
        assertThatThrownBy(() -> Syscalls.close(pipe[0]))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }

    @Test
    void rlimitReadsAndSetsBack() {
        int resource = LibC.RLIMIT_NOFILE();
        long[] original = Syscalls.getrlimit(resource);
        assertThat(original).hasSize(2);
        long soft = original[0];
        long hard = original[1];
        assertThat(soft).isPositive();
        // RLIM_INFINITY is all ones, -1 as a signed long: compare unsigned.
        assertThat(Long.compareUnsigned(soft, hard)).isLessThanOrEqualTo(0);

        Syscalls.setrlimit(resource, soft, hard);
        assertThat(Syscalls.getrlimit(resource)).containsExactly(soft, hard);

        // Lowering the soft limit for a moment and raising it back is allowed without privileges.
        if (soft > 64) {
            try {
                Syscalls.setrlimit(resource, soft - 1, hard);
                assertThat(Syscalls.getrlimit(resource)).containsExactly(soft - 1, hard);
            } finally {
                Syscalls.setrlimit(resource, soft, hard);
            }
            assertThat(Syscalls.getrlimit(resource)).containsExactly(soft, hard);
        }

        assertThatThrownBy(() -> Syscalls.getrlimit(9999))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(LibC.EINVAL());
                    assertThat(e.call()).isEqualTo("getrlimit");
                });
        assertThatThrownBy(() -> Syscalls.setrlimit(resource, 2, 1))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(LibC.EINVAL());
                    assertThat(e.call()).isEqualTo("setrlimit");
                });
        assertThat(Syscalls.getrlimit(resource)).containsExactly(soft, hard);
    }

    @Test
    void getpidAndKillWithSignalZero() {
        assertThat((long) Syscalls.getpid()).isEqualTo(ProcessHandle.current().pid());
        Syscalls.kill(Syscalls.getpid(), 0); // we exist and may signal ourselves
        assertThatThrownBy(() -> Syscalls.kill(Integer.MAX_VALUE, 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errnoName()).isEqualTo("ESRCH");
                    assertThat(e.call()).isEqualTo("kill(" + Integer.MAX_VALUE + ", 0)");
                });
    }
}
