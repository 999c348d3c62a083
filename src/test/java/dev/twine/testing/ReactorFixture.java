package dev.twine.testing;

import dev.twine.internet.epollreactor.EPollReactor;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The frame of every reactor test: a resource snapshot and a log capture before it; after it, the reactor and the
 * test's descriptors closed, no error logged, and nothing leaked. Register it as a field:
 * {@code @RegisterExtension final ReactorFixture fixture = ReactorFixture.withReactor();} — its checks run after the
 * test class's own {@code @AfterEach} methods.
 */
public final class ReactorFixture implements BeforeEachCallback, AfterEachCallback {
    private final boolean withReactor;
    private boolean warmUpJdkSockets;
    private ResourceSnapshot snapshot;
    private LogCapture log;
    private EPollReactor reactor;
    private Fds fds;

    private ReactorFixture(boolean withReactor) {
        this.withReactor = withReactor;
    }

    /** A fresh {@link EPollReactor} for each test, closed after it. */
    public static ReactorFixture withReactor() {
        return new ReactorFixture(true);
    }

    /** Only the leak and log checks: for tests that make their own reactors or none. */
    public static ReactorFixture withoutReactor() {
        return new ReactorFixture(false);
    }

    /**
     * Warms up the JDK's sockets ({@link JdkSockets#warmUp()}) before each test's snapshot: for tests whose peers are
     * plain {@link java.net.Socket}s.
     */
    public ReactorFixture withJdkSockets() {
        warmUpJdkSockets = true;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (warmUpJdkSockets) {
            JdkSockets.warmUp();
        }
        snapshot = ResourceSnapshot.take();
        log = LogCapture.start();
        fds = new Fds();
        reactor = withReactor ? new EPollReactor() : null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (reactor != null) {
                reactor.close();
            }
            fds.close();
            log.assertNoErrors();
        } finally {
            log.close();
        }
        snapshot.assertNothingLeaked();
    }

    public EPollReactor reactor() {
        if (reactor == null) {
            throw new IllegalStateException("this fixture has no reactor: use ReactorFixture.withReactor()");
        }
        return reactor;
    }

    /** Descriptors made through it are closed after the test. */
    public Fds fds() {
        return fds;
    }

    public LogCapture log() {
        return log;
    }
}
