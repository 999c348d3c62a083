package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.ReactorBuffers;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.ErrnoException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.testing.ReactorFixture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The frame of the TCP tests: a fresh reactor per test with leak and log checks ({@link ReactorFixture}), loopback
 * listeners, and a bounded loop that iterates the reactor until a condition holds. After each test whatever is
 * still connected or listening is disconnected, so a failed test does not leak into the next.
 */
abstract class TcpTestBase {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    /**
     * On the JDK 22-23 handle path ({@code -Dtwine.criticalHandles=false}) reads of the reactor's 64 KiB buffer go
     * through a per-thread native copy that lives as long as the thread: grow it before any snapshot, as
     * {@code ResourceSnapshot} does for the rest of the thread's frame.
     */
    @BeforeAll
    static void growThreadBounceBuffer() {
        int[] pipe = Syscalls.pipe(Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC);
        try {
            Syscalls.read(pipe[0], new byte[ReactorBuffers.READ_BUFFER_SIZE], 0, ReactorBuffers.READ_BUFFER_SIZE);
        } finally {
            Syscalls.close(pipe[0]);
            Syscalls.close(pipe[1]);
        }
    }

    EPollReactor reactor() {
        return fixture.reactor();
    }

    /** Listens on 127.0.0.1, any free port. */
    IListeningPort listen(IProtocolFactory factory) {
        return reactor().listenTCP(0, factory, 50, "127.0.0.1");
    }

    static int portOf(IListeningPort port) {
        return ((Port) port).realPort();
    }

    /** Iterates until {@code done}, failing after {@code seconds}. */
    void runUntil(BooleanSupplier done, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * TimeUnit.SECONDS.toNanos(1));
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition not met within %s s", seconds).isNegative();
            reactor().iterate(0.01);
        }
    }

    void runUntil(BooleanSupplier done) {
        runUntil(done, 10);
    }

    /** A few passes with nothing to wait for: lets calls scheduled for "the next pass" run. */
    void settle() {
        for (int i = 0; i < 5; i++) {
            reactor().iterate(0);
        }
    }

    /** Whether a socket can bind ::1 here (IPv6 tests are skipped without it). */
    static boolean ipv6Loopback() {
        int s;
        try {
            s = Sockets.socket(Sockets.AF_INET6, Sockets.SOCK_STREAM);
        } catch (ErrnoException e) {
            return false;
        }
        try {
            Sockets.bind(s, new InetSocketAddress(InetAddress.ofLiteral("::1"), 0));
            return true;
        } catch (ErrnoException e) {
            return false;
        } finally {
            Syscalls.close(s);
        }
    }

    @AfterEach
    void disconnectEverything() {
        reactor().disconnectAll();
        settle();
    }
}
