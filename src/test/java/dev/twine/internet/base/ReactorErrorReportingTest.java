package dev.twine.internet.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.SafeLog;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import dev.twine.testing.TestDescriptor;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reactor's own error reporting must never end its loop: with a logger that throws what the JDK's throws when
 * it cannot initialise (an Error), every error the reactor catches (in a timed call, a call from a thread, a flush,
 * an I/O event, a trigger) is still survived, and {@code run()} returns only when the reactor is stopped.
 */
@Timeout(30)
class ReactorErrorReportingTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();
    private final Logger reactorLogger = Logger.getLogger("dev.twine.reactor");
    private final List<String> failedReports = new ArrayList<>();
    private final Handler throwing = new Handler() {
        @Override
        public void publish(LogRecord record) {
            failedReports.add(String.valueOf(record.getMessage()));
            throw new ExceptionInInitializerError("logging cannot initialise (simulated)");
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void installThrowingHandler() {
        reactorLogger.addHandler(throwing);
    }

    @AfterEach
    void removeThrowingHandler() {
        reactorLogger.removeHandler(throwing);
    }

    /** An object whose toString, called to make the error's message, throws as well. */
    private static final class Unprintable implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("boom in a call");
        }

        @Override
        public String toString() {
            throw new NoClassDefFoundError("toString cannot load its class (simulated)");
        }
    }

    @Test
    void aThrowingLoggerNeverEndsTheLoop() {
        EPollReactor reactor = fixture.reactor();
        List<String> ran = new ArrayList<>();
        int[] pipe = fixture.fds().track(Syscalls.pipe(Syscalls.O_CLOEXEC | Syscalls.O_NONBLOCK));
        TestDescriptor descriptor = new TestDescriptor("readable pipe", pipe[0]) {
            @Override
            public String logPrefix() {
                throw new NoClassDefFoundError("logPrefix cannot load its class (simulated)");
            }
        };
        descriptor.onRead = () -> {
            throw new StackOverflowError("a read that overflowed (simulated)");
        };
        Syscalls.write(pipe[1], new byte[] {1}, 0, 1);
        reactor.callWhenRunning(() -> {
            reactor.callLater(0, () -> {
                throw new IllegalStateException("boom in a timed call");
            });
            reactor.callFromThread(new Unprintable());
            reactor.flushAtEndOfPass(() -> {
                throw new OutOfMemoryError("a flush that ran out of memory (simulated)");
            });
            reactor.addSystemEventTrigger("before", "shutdown", () -> {
                throw new IllegalStateException("boom in a trigger");
            });
            reactor.addReader(descriptor);
            reactor.callLater(0.05, () -> {
                ran.add("after the errors");
                reactor.stop();
            });
        });

        Reactors.run(reactor);

        assertThat(ran).as("the loop went on after every failed report").containsExactly("after the errors");
        // The call from a thread and the descriptor cannot even name themselves: their reports go to fd 2 only.
        assertThat(failedReports).as("the errors that could be named were offered to the logger")
                .anyMatch(m -> m.startsWith("Unhandled error in timed call"))
                .anyMatch(m -> m.startsWith("Unhandled error flushing"))
                .anyMatch(m -> m.contains("before shutdown trigger"));
        fixture.log().flushErrors(Throwable.class);
    }

    /** When the logger throws, a line still reaches descriptor 2, written without opening anything. */
    @Test
    void aFailedReportGoesToDescriptorTwo() {
        int[] pipe = fixture.fds().track(Syscalls.pipe(Syscalls.O_CLOEXEC));
        int savedStderr = fixture.fds().track(Syscalls.fcntl(2, LibC.F_DUPFD_CLOEXEC(), 0))[0];
        assertThat(LibC.dup2(pipe[1], 2)).isEqualTo(2);
        try {
            SafeLog.log(System.getLogger("dev.twine.reactor"), Level.ERROR, () -> "Unhandled error in the test",
                    new IllegalStateException("the original error"));
        } finally {
            assertThat(LibC.dup2(savedStderr, 2)).isEqualTo(2);
        }
        byte[] buf = new byte[2048];
        int n = Syscalls.read(pipe[0], buf, 0, buf.length);
        String line = new String(buf, 0, n, StandardCharsets.US_ASCII);
        assertThat(line).isEqualTo("twine: logging failed (java.lang.ExceptionInInitializerError) reporting: ERROR "
                + "Unhandled error in the test: java.lang.IllegalStateException: the original error\n");
        fixture.log().flushErrors(Throwable.class);
    }
}
