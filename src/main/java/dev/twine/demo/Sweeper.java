package dev.twine.demo;

import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactorTime;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.interfaces.ITransport;
import dev.twine.internet.protocol.BaseProtocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Enforces {@link Deadlines} on a server's open connections with one sweep every quarter timeout, rather than a
 * timer per connection (which would cost an allocation per request to reset). A connection past a deadline is
 * closed, or aborted when replies are queued that its client is not taking.
 *
 * @param <C> the connections swept
 */
final class Sweeper<C extends BaseProtocol> {
    private final Function<C, Deadlines> deadlinesOf;
    private final IReactorTime clock;
    private final double timeoutSeconds;
    private final Set<C> open = new LinkedHashSet<>();
    private IDelayedCall sweep;
    private long aborted;

    /** Sweeps connections whose clocks {@code deadlinesOf} gives, each allowed {@code timeoutSeconds}. */
    Sweeper(IReactorTime clock, double timeoutSeconds, Function<C, Deadlines> deadlinesOf) {
        this.deadlinesOf = deadlinesOf;
        this.clock = clock;
        this.timeoutSeconds = timeoutSeconds;
    }

    void opened(C connection) {
        open.add(connection);
        if (sweep == null) {
            sweep = clock.callLater(Math.max(0.05, timeoutSeconds / 4), this::sweep);
        }
    }

    void closed(C connection) {
        open.remove(connection);
        if (open.isEmpty()) {
            stop();
        }
    }

    void stop() {
        if (sweep != null) {
            sweep.cancel();
            sweep = null;
        }
    }

    private void sweep() {
        sweep = null;
        long now = System.nanoTime();
        long limit = (long) (timeoutSeconds * 1e9);
        for (C connection : new ArrayList<>(open)) {
            ITransport transport = connection.transport();
            switch (deadlinesOf.apply(connection).check(now, limit, Deadlines.queuedBytes(transport))) {
                case ABORT -> {
                    if (transport instanceof ITCPTransport tcp) {
                        aborted++;
                        tcp.abortConnection();
                    } else {
                        transport.loseConnection();
                    }
                }
                case CLOSE -> transport.loseConnection();
                case KEEP -> {
                }
            }
        }
        if (!open.isEmpty()) {
            sweep = clock.callLater(Math.max(0.05, timeoutSeconds / 4), this::sweep);
        }
    }

    Collection<C> connections() {
        return Collections.unmodifiableSet(open);
    }

    int size() {
        return open.size();
    }

    long aborted() {
        return aborted;
    }
}
