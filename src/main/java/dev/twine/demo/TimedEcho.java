package dev.twine.demo;

import dev.twine.internet.interfaces.IReactorTime;
import dev.twine.internet.protocol.Factory;
import dev.twine.protocols.wire.Echo;
import dev.twine.python.Failure;

/**
 * The demo's echo server: {@link Echo} (which reads only while its queue is under the high-water mark) with the
 * demo's timeouts ({@link Deadlines}), so a client that sends and never reads its echo is aborted, its queue
 * dropped, after the timeout, and one that stays silent that long is closed.
 */
final class TimedEcho extends Echo {
    private final Sweeper<TimedEcho> sweeper;
    private final Deadlines deadlines = new Deadlines();

    private TimedEcho(Sweeper<TimedEcho> sweeper) {
        this.sweeper = sweeper;
    }

    /** A factory of echo connections swept by one sweeper with {@code timeoutSeconds}. */
    static Factory factory(IReactorTime clock, double timeoutSeconds) {
        Sweeper<TimedEcho> sweeper = new Sweeper<>(clock, timeoutSeconds, echo -> echo.deadlines);
        Factory factory = new Factory() {
            @Override
            public void stopFactory() {
                sweeper.stop();
            }
        };
        factory.setProtocol(() -> new TimedEcho(sweeper));
        factory.setNoisy(false);
        return factory;
    }

    @Override
    public void connectionMade() {
        super.connectionMade();
        sweeper.opened(this);
    }

    @Override
    public void dataReceived(byte[] data) {
        long queued = Deadlines.queuedBytes(transport);
        deadlines.received(System.nanoTime(), queued);
        deadlines.writing(queued);
        super.dataReceived(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        sweeper.closed(this);
    }
}
