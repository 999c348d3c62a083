package dev.twine.demo;

import dev.twine.internet.interfaces.IReactorTime;
import dev.twine.internet.protocol.ServerFactory;
import java.util.Collection;

/**
 * Serves {@link HelloHttp} and bounds in time everything a client can stall, with one timeout ({@link Deadlines}):
 * a connection is closed when it has been idle that long or when one request (head and body) takes longer than
 * that to arrive, and aborted when its responses have waited that long without the client taking them all
 * ({@code loseConnection} would wait for a client that does not read, holding the queue; {@code abortConnection}
 * drops it at once).
 */
public final class HelloHttpFactory extends ServerFactory {
    private final Sweeper<HelloHttp> sweeper;
    private long served;

    public HelloHttpFactory(IReactorTime clock, double idleTimeoutSeconds) {
        this.sweeper = new Sweeper<>(clock, idleTimeoutSeconds, HelloHttp::deadlines);
        setProtocol(HelloHttp::new);
        setNoisy(false);
    }

    void opened(HelloHttp connection) {
        sweeper.opened(connection);
    }

    void closed(HelloHttp connection) {
        sweeper.closed(connection);
        served += connection.requests;
    }

    /** Connections open now. */
    public int openConnections() {
        return sweeper.size();
    }

    /** The connections open now, for tests to look at. */
    Collection<HelloHttp> connections() {
        return sweeper.connections();
    }

    /** Connections aborted because their client did not take its responses within the timeout. */
    public long abortedForNotReading() {
        return sweeper.aborted();
    }

    /** Requests answered on connections that have closed, plus those open now. */
    public long requestsServed() {
        long total = served;
        for (HelloHttp connection : sweeper.connections()) {
            total += connection.requests;
        }
        return total;
    }

    @Override
    public void stopFactory() {
        sweeper.stop();
    }
}
