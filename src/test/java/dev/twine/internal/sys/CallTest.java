package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.twine.internal.linux.LibC;
import dev.twine.internet.error.ErrnoException;
import dev.twine.testing.ResourceSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one calling convention of {@link Call}, through real failing calls of each shape: the exception names the
 * call as before (with its argument where it had one), EAGAIN is {@link Syscalls#WOULD_BLOCK} for the read-like
 * calls and accept, calls that return their error number report it, and an unchecked exception thrown inside a
 * call's {@code try} passes as it is.
 */
@Timeout(20)
class CallTest {
    private static final int SOCK_TYPE = LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();

    private ResourceSnapshot before;

    @BeforeEach
    void snapshot() {
        ThreadFrame.current().bounce(ErrnoTest.BOUNCE_BYTES);
        before = ResourceSnapshot.take();
    }

    @AfterEach
    void nothingLeaked() {
        before.assertNothingLeaked();
    }

    private static ErrnoException failure(Runnable call) {
        ErrnoException e = catchThrowableOfType(ErrnoException.class, call::run);
        assertThat(e).as("the call failed with an ErrnoException").isNotNull();
        return e;
    }

    @Test
    void aPlainCheckNamesTheCall() {
        ErrnoException e = failure(() -> Sockets.listen(-1, 1));
        assertThat(e.call()).isEqualTo("listen");
        assertThat(e.errno()).isEqualTo(Errno.EBADF);
    }

    @Test
    void aCheckWithArgumentsNamesThemOnlyInTheException() {
        // Signal 0 only asks whether the process exists: nothing is sent to anyone.
        ErrnoException kill = failure(() -> Syscalls.kill(Integer.MAX_VALUE, 0));
        assertThat(kill.call()).isEqualTo("kill(2147483647, 0)");
        assertThat(kill.errno()).isEqualTo(Errno.ESRCH);

        assertThat(failure(() -> Sockets.setsockopt(-1, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, 1, "SO_RCVBUF"))
                .call()).isEqualTo("setsockopt(SO_RCVBUF)");
        assertThat(failure(() -> Sockets.setsockopt(-1, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, 1)).call())
                .isEqualTo("setsockopt");
        assertThat(failure(() -> FileNames.fstat(-1)).call()).isEqualTo("fstat(-1)");
    }

    @Test
    void readLikeCallsTurnEagainIntoWouldBlockAndOtherErrnosIntoExceptions() {
        int[] pipe = Syscalls.pipe(Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC);
        try {
            assertThat(Syscalls.read(pipe[0], new byte[8], 0, 8)).isEqualTo(Syscalls.WOULD_BLOCK);
        } finally {
            Syscalls.close(pipe[0]);
            Syscalls.close(pipe[1]);
        }
        ErrnoException e = failure(() -> Syscalls.read(-1, new byte[8], 0, 8));
        assertThat(e.call()).isEqualTo("read");
        assertThat(e.errno()).isEqualTo(Errno.EBADF);
    }

    @Test
    void acceptWithNoneWaitingWouldBlockAndOnAStreamThatDoesNotListenFails() {
        int listener = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM);
        int[] pair = Syscalls.socketpair(LibC.AF_UNIX(), SOCK_TYPE, 0);
        try {
            Sockets.bind(listener, new java.net.InetSocketAddress("127.0.0.1", 0));
            Sockets.listen(listener, 1);
            assertThat(Sockets.accept(listener, SockAddr.allocateHeap())).isEqualTo(Syscalls.WOULD_BLOCK);
            ErrnoException e = failure(() -> Sockets.accept(pair[0], SockAddr.allocateHeap()));
            assertThat(e.call()).isEqualTo("accept4");
            assertThat(e.errno()).isEqualTo(Errno.EINVAL);
        } finally {
            Syscalls.close(listener);
            Syscalls.close(pair[0]);
            Syscalls.close(pair[1]);
        }
    }

    @Test
    void interruptibleCallsStillNameTheirFailure() {
        assertThat(failure(() -> Syscalls.open("/nonexistent-twine-call-test/x", Syscalls.O_RDONLY)).call())
                .isEqualTo("open(/nonexistent-twine-call-test/x)");
        try (EventArray events = new EventArray(1)) {
            ErrnoException e = failure(() -> events.poll(-1, 0));
            assertThat(e.call()).isEqualTo("epoll_wait");
            assertThat(e.errno()).isEqualTo(Errno.EBADF);
        }
    }

    @Test
    void aCallThatReturnsItsErrorNumberReportsThatNumber() {
        ErrnoException e = failure(() -> Pty.slaveName(-1));
        assertThat(e.call()).isEqualTo("ptsname_r(-1)");
        assertThat(e.errnoName()).startsWith("E").isNotEqualTo("errno -1");
    }

    @Test
    void uncheckedExceptionsPassAndOnlyCheckedOnesBecomeAssertionErrors() {
        IllegalStateException closed = new IllegalStateException("already closed");
        assertThatThrownBy(() -> {
            throw Call.linkageFailure(closed);
        }).isSameAs(closed);
        OutOfMemoryError error = new OutOfMemoryError("test");
        assertThatThrownBy(() -> {
            throw Call.linkageFailure(error);
        }).isSameAs(error);
        Exception checked = new Exception("not a downcall's");
        assertThat(Call.linkageFailure(checked)).isInstanceOf(AssertionError.class).hasCause(checked);
    }
}
