package dev.twine.demo;

import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactorTime;
import dev.twine.internet.protocol.ServerFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Serves {@link HelloHttp} and closes connections idle longer than its timeout (or slower than that to send one
 * request head), checked by one sweep every few
 * seconds rather than a timer per connection (which would cost an allocation per request to reset).
 */
public final class HelloHttpFactory extends ServerFactory {
    private final IReactorTime clock;
    private final double idleTimeoutSeconds;
    private final Set<HelloHttp> open = new LinkedHashSet<>();
    private IDelayedCall sweep;
    private long served;

    public HelloHttpFactory(IReactorTime clock, double idleTimeoutSeconds) {
        this.clock = clock;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        setProtocol(HelloHttp::new);
        setNoisy(false);
    }

    void opened(HelloHttp connection) {
        open.add(connection);
        if (sweep == null) {
            sweep = clock.callLater(Math.max(0.05, idleTimeoutSeconds / 4), this::sweep);
        }
    }

    void closed(HelloHttp connection) {
        open.remove(connection);
        served += connection.requests;
        if (open.isEmpty() && sweep != null) {
            sweep.cancel();
            sweep = null;
        }
    }

    private void sweep() {
        sweep = null;
        long cutoff = System.nanoTime() - (long) (idleTimeoutSeconds * 1e9);
        for (HelloHttp connection : new ArrayList<>(open)) {
            boolean dribbling = connection.headStartedNanos != 0 && connection.headStartedNanos < cutoff;
            if (connection.lastActivityNanos < cutoff || dribbling) {
                connection.transport().loseConnection();
            }
        }
        if (!open.isEmpty()) {
            sweep = clock.callLater(Math.max(0.05, idleTimeoutSeconds / 4), this::sweep);
        }
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    /** Requests answered on connections that have closed, plus those open now. */
    public long requestsServed() {
        long total = served;
        for (HelloHttp connection : open) {
            total += connection.requests;
        }
        return total;
    }

    @Override
    public void stopFactory() {
        if (sweep != null) {
            sweep.cancel();
            sweep = null;
        }
    }
}
