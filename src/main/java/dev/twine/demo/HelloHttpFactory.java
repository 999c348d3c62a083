package dev.twine.demo;

import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactorTime;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.protocol.ServerFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Serves {@link HelloHttp} and bounds in time everything a client can stall, with one timeout: a connection is
 * closed when it has been idle that long, when one request (head and body) takes longer than that to arrive, or when
 * its responses have waited that long without the client reading them all. Checked by one sweep every quarter
 * timeout rather than a timer per connection (which would cost an allocation per request to reset).
 *
 * <p>A connection with responses still queued is aborted rather than closed: {@code loseConnection} would wait for
 * a client that does not read, holding the queue; {@code abortConnection} drops it at once.
 */
public final class HelloHttpFactory extends ServerFactory {
    private final IReactorTime clock;
    private final double idleTimeoutSeconds;
    private final Set<HelloHttp> open = new LinkedHashSet<>();
    private IDelayedCall sweep;
    private long served;
    private long aborted;

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
        long now = System.nanoTime();
        long limit = (long) (idleTimeoutSeconds * 1e9);
        for (HelloHttp connection : new ArrayList<>(open)) {
            long queued = connection.queuedBytes();
            if (queued == 0) {
                connection.queueBusySinceNanos = 0;
            } else {
                // Reading may be paused on this queue: the client is waiting for us, so neither its idle clock nor
                // its request's runs. The queue has a clock of its own.
                connection.lastActivityNanos = now;
                if (connection.requestStartedNanos != 0) {
                    connection.requestStartedNanos = now;
                }
            }
            boolean notReading = queued > 0 && connection.queueBusySinceNanos != 0
                    && now - connection.queueBusySinceNanos > limit;
            boolean idle = now - connection.lastActivityNanos > limit;
            boolean slowRequest = connection.requestStartedNanos != 0
                    && now - connection.requestStartedNanos > limit;
            if (notReading && connection.transport() instanceof ITCPTransport tcp) {
                aborted++;
                tcp.abortConnection();
            } else if (idle || slowRequest) {
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

    /** The connections open now, for tests to look at. */
    Collection<HelloHttp> connections() {
        return Collections.unmodifiableSet(open);
    }

    /** Connections aborted because their client did not read its responses within the timeout. */
    public long abortedForNotReading() {
        return aborted;
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
