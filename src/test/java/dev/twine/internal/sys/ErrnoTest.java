package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.twine.internal.linux.LibC;
import dev.twine.internet.error.ErrnoException;
import dev.twine.testing.ResourceSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A failing call becomes an {@link ErrnoException} carrying the errno of that very call, its symbolic name, the C
 * library's text and the call's name; EAGAIN is not a failure but {@link Syscalls#WOULD_BLOCK}.
 */
@Timeout(20)
class ErrnoTest {
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
    void closeOfABadDescriptorIsEbadf() {
        ErrnoException e = catchThrowableOfType(ErrnoException.class, () -> Syscalls.close(-1));
        assertThat(e).isNotNull();
        assertThat(e.errno()).isEqualTo(Errno.EBADF).isEqualTo(LibC.EBADF());
        assertThat(e.errnoName()).isEqualTo("EBADF");
        assertThat(e.description()).isEqualTo("Bad file descriptor");
        assertThat(e.call()).isEqualTo("close(-1)");
        assertThat(e).hasMessage("close(-1): EBADF (Bad file descriptor)");
    }

    @Test
    void readOfAClosedDescriptorIsEbadf() {
        int[] pipe = Syscalls.pipe(Syscalls.O_CLOEXEC | Syscalls.O_NONBLOCK);
        Syscalls.close(pipe[1]);
        Syscalls.close(pipe[0]);
        ErrnoException e = catchThrowableOfType(ErrnoException.class,
                () -> Syscalls.read(pipe[0], new byte[4], 0, 4));
        assertThat(e).isNotNull();
        assertThat(e.errno()).isEqualTo(Errno.EBADF);
        assertThat(e.errnoName()).isEqualTo("EBADF");
        assertThat(e.description()).isEqualTo("Bad file descriptor");
        assertThat(e.call()).isEqualTo("read");
    }

    @Test
    void writeOfAClosedDescriptorIsEbadf() {
        ErrnoException e = catchThrowableOfType(ErrnoException.class,
                () -> Syscalls.write(-1, new byte[4], 0, 4));
        assertThat(e).isNotNull();
        assertThat(e.errno()).isEqualTo(Errno.EBADF);
        assertThat(e.call()).isEqualTo("write");
    }

    @Test
    void fcntlOfABadDescriptorIsEbadf() {
        ErrnoException e = catchThrowableOfType(ErrnoException.class,
                () -> Syscalls.fcntl(-1, LibC.F_GETFL(), 0));
        assertThat(e).isNotNull();
        assertThat(e.errno()).isEqualTo(Errno.EBADF);
        assertThat(e.errnoName()).isEqualTo("EBADF");
        assertThat(e.description()).isEqualTo("Bad file descriptor");
        assertThat(e.call()).isEqualTo("fcntl(-1)");
    }

    @Test
    void killOfAMissingProcessIsEsrchAndOfABadSignalIsEinval() {
        ErrnoException missing = catchThrowableOfType(ErrnoException.class,
                () -> Syscalls.kill(Integer.MAX_VALUE, 0));
        assertThat(missing).isNotNull();
        assertThat(missing.errno()).isEqualTo(LibC.ESRCH());
        assertThat(missing.errnoName()).isEqualTo("ESRCH");
        assertThat(missing.description()).isEqualTo("No such process");

        ErrnoException badSignal = catchThrowableOfType(ErrnoException.class,
                () -> Syscalls.kill(Syscalls.getpid(), 9999));
        assertThat(badSignal).isNotNull();
        assertThat(badSignal.errno()).isEqualTo(LibC.EINVAL());
        assertThat(badSignal.errnoName()).isEqualTo("EINVAL");
        assertThat(badSignal.description()).isEqualTo("Invalid argument");
    }

    @Test
    void namesPreferTheUsualAliasAndNumberTheUnknown() {
        assertThat(LibC.EWOULDBLOCK()).isEqualTo(LibC.EAGAIN());
        assertThat(Errno.name(Errno.EAGAIN)).isEqualTo("EAGAIN");
        assertThat(Errno.name(Errno.EBADF)).isEqualTo("EBADF");
        assertThat(Errno.name(Errno.ENOENT)).isEqualTo("ENOENT");
        assertThat(Errno.name(Errno.EINTR)).isEqualTo("EINTR");
        assertThat(Errno.name(LibC.ECONNREFUSED())).isEqualTo("ECONNREFUSED");
        assertThat(Errno.name(9999)).isEqualTo("errno 9999");
        assertThat(Errno.name(0)).isEqualTo("errno 0");
    }

    @Test
    void describeUsesTheCLibrarysText() {
        assertThat(Errno.describe(Errno.EBADF)).isEqualTo("Bad file descriptor");
        assertThat(Errno.describe(Errno.ENOENT)).isEqualTo("No such file or directory");
        assertThat(Errno.describe(Errno.EAGAIN)).isEqualTo("Resource temporarily unavailable");
        assertThat(Errno.describe(9999)).isNotBlank();
        ErrnoException e = Errno.exception("frobnicate", 9999);
        assertThat(e.call()).isEqualTo("frobnicate");
        assertThat(e.errno()).isEqualTo(9999);
        assertThat(e.errnoName()).isEqualTo("errno 9999");
    }

    @Test
    void eagainIsNotAnException() {
        int[] pipe = Syscalls.pipe(Syscalls.O_CLOEXEC | Syscalls.O_NONBLOCK);
        try {
            assertThat(Syscalls.read(pipe[0], new byte[16], 0, 16)).isEqualTo(Syscalls.WOULD_BLOCK);
            try (var arena = java.lang.foreign.Arena.ofConfined()) {
                var buffer = arena.allocate(16);
                assertThat(Syscalls.read(pipe[0], buffer, 0, 16)).isEqualTo(Syscalls.WOULD_BLOCK);
            }
            // A full pipe refuses writes the same way.
            byte[] chunk = new byte[64 * 1024];
            int written;
            long total = 0;
            while ((written = Syscalls.write(pipe[1], chunk, 0, chunk.length)) != Syscalls.WOULD_BLOCK) {
                assertThat(written).isPositive();
                total += written;
                assertThat(total).as("a pipe fills up").isLessThan(64L * 1024 * 1024);
            }
            assertThat(total).isPositive();
        } finally {
            Syscalls.close(pipe[0]);
            Syscalls.close(pipe[1]);
        }
    }
}
