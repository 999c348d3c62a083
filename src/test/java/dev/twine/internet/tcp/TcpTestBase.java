package dev.twine.internet.tcp;

import dev.twine.internal.sys.Sockets;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ResourceSnapshot;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The frame of the TCP tests: a fresh reactor per test with leak and log checks ({@link ReactorFixture}), loopback
 * listeners, and a bounded loop that iterates the reactor until a condition holds. After each test whatever is
 * still connected or listening is disconnected, so a failed test does not leak into the next.
 */
abstract class TcpTestBase {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

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
        Reactors.iterateUntil(reactor(), seconds, done);
    }

    void runUntil(BooleanSupplier done) {
        runUntil(done, Reactors.ITERATE_UNTIL_SECONDS);
    }

    /** A few passes with nothing to wait for: lets calls scheduled for "the next pass" run. */
    void settle() {
        Reactors.settle(reactor());
    }

    /** Whether ::1 works here (IPv6 tests are skipped without it). */
    static boolean ipv6Loopback() {
        return ResourceSnapshot.ipv6Loopback(Sockets.SOCK_STREAM);
    }

    @AfterEach
    void disconnectEverything() {
        reactor().disconnectAll();
        settle();
    }
}
