package dev.twine.internet.protocol;

import dev.twine.internet.error.NotConnectingError;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactorTime;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A client factory that reconnects, with exponential back-off, whenever an attempt fails or the connection is lost:
 * Twisted's {@code protocol.ReconnectingClientFactory}, same algorithm and defaults.
 *
 * <p>Each retry multiplies the delay by {@link #factor()} (e), caps it at {@link #maxDelay()} and then spreads it
 * with normally distributed noise of relative standard deviation {@link #jitter()}, so that many clients cut off by
 * the same outage do not all come back in the same instant. The first retry therefore waits about
 * {@code initialDelay * factor} (2.7 s with the defaults), not {@code initialDelay}. After {@link #maxRetries()}
 * consecutive retries (unlimited by default) it gives up.
 *
 * <p><b>Resetting is up to you.</b> The factory cannot tell a connection that works from one the server drops at
 * once, so it never resets the delay by itself; as in Twisted, call {@link #resetDelay()} when the connection is
 * established to your satisfaction. Usually that means overriding {@link #buildProtocol}:
 *
 * <pre>{@code
 * var factory = new ReconnectingClientFactory(reactor) {
 *     @Override
 *     public IProtocol buildProtocol(IAddress addr) {
 *         resetDelay();
 *         return super.buildProtocol(addr);
 *     }
 * };
 * factory.setProtocol(MyClient::new);
 * }</pre>
 *
 * or, to reset only once the server has answered, calling it from the protocol's own code. Without it the delays
 * keep growing across successful connections and {@code maxRetries} counts them all.
 *
 * <p>Twisted falls back to the global reactor for scheduling; Twine has none, so the clock (the reactor, or a
 * {@code task.Clock} in tests) is given to the constructor or {@link #setClock}. Use the factory on that clock's
 * thread only.
 */
public class ReconnectingClientFactory extends ClientFactory {
    private static final System.Logger LOG = System.getLogger("dev.twine.protocol");

    /** Twisted's default cap on the delay between attempts: one hour. */
    public static final double DEFAULT_MAX_DELAY = 3600;
    /** Twisted's default starting delay, in seconds (multiplied by the factor before the first retry). */
    public static final double DEFAULT_INITIAL_DELAY = 1.0;
    /** Twisted's default growth factor: e. */
    public static final double DEFAULT_FACTOR = 2.7182818284590451;
    /** Twisted's default jitter: the relative standard deviation of the noise added to each delay (about 12%). */
    public static final double DEFAULT_JITTER = 0.119626565582;

    private double maxDelay = DEFAULT_MAX_DELAY;
    private double initialDelay = DEFAULT_INITIAL_DELAY;
    private double factor = DEFAULT_FACTOR;
    private double jitter = DEFAULT_JITTER;
    private double delay = DEFAULT_INITIAL_DELAY;
    private int retries;
    private Integer maxRetries;
    private boolean continueTrying = true;
    private IConnector connector;
    private IReactorTime clock;
    private IDelayedCall callID;
    private RandomGenerator random = new Random();

    /** A factory scheduling its retries on {@code clock}: the reactor, or a {@code task.Clock} in tests. */
    public ReconnectingClientFactory(IReactorTime clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A factory with no clock yet, for subclasses and builders that get the reactor later: {@link #setClock} must be
     * called before the first retry, which otherwise throws.
     */
    public ReconnectingClientFactory() {
    }

    /**
     * A reconnecting factory making the protocol with {@code protocol} and retrying on {@code clock}. Remember that
     * it never resets its delay by itself (see the class comment).
     */
    public static ReconnectingClientFactory forProtocol(IReactorTime clock, Supplier<? extends IProtocol> protocol) {
        ReconnectingClientFactory factory = new ReconnectingClientFactory(clock);
        factory.setProtocol(protocol);
        return factory;
    }

    /** {@link #forProtocol(IReactorTime, Supplier)} for a protocol built from the server's address. */
    public static ReconnectingClientFactory forProtocol(IReactorTime clock,
            Function<? super IAddress, ? extends IProtocol> protocol) {
        ReconnectingClientFactory factory = new ReconnectingClientFactory(clock);
        factory.setProtocol(protocol);
        return factory;
    }

    /**
     * A reconnecting factory with no clock yet: call {@link #setClock} before use. It exists so that
     * {@code ReconnectingClientFactory.forProtocol(X::new)} gives a reconnecting factory, not the plain
     * {@link ClientFactory} the inherited static method would; prefer {@link #forProtocol(IReactorTime, Supplier)}.
     */
    public static ReconnectingClientFactory forProtocol(Supplier<? extends IProtocol> protocol) {
        ReconnectingClientFactory factory = new ReconnectingClientFactory();
        factory.setProtocol(protocol);
        return factory;
    }

    /** {@link #forProtocol(Supplier)} for a protocol built from the server's address; call {@link #setClock}. */
    public static ReconnectingClientFactory forProtocol(Function<? super IAddress, ? extends IProtocol> protocol) {
        ReconnectingClientFactory factory = new ReconnectingClientFactory();
        factory.setProtocol(protocol);
        return factory;
    }

    /** Retries after a failed attempt, unless {@link #stopTrying()} was called; remembers the connector. */
    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        if (continueTrying) {
            this.connector = connector;
            retry();
        }
    }

    /** Retries after a lost connection, unless {@link #stopTrying()} was called; remembers the connector. */
    @Override
    public void clientConnectionLost(IConnector connector, Failure reason) {
        if (continueTrying) {
            this.connector = connector;
            retry();
        }
    }

    /**
     * Schedules another attempt on the connector last seen by {@code clientConnectionFailed}/{@code Lost}.
     *
     * @throws IllegalStateException if no connector has been seen yet, or no clock was given
     */
    public void retry() {
        retry(null);
    }

    /**
     * Schedules {@code connector.connect()} after the next back-off delay, or gives up: when {@link #stopTrying()}
     * was called, or when this retry would exceed {@link #maxRetries()}. Counts the retry and grows the delay (see
     * the class comment) before scheduling. A retry still pending is cancelled first, so there is never more than one
     * attempt waiting (Twisted would let both run). A null {@code connector} means the one last seen.
     *
     * @throws IllegalStateException if {@code connector} is null and none has been seen, or no clock was given
     */
    public void retry(IConnector connector) {
        checkThread("retry");
        if (!continueTrying) {
            if (noisy) {
                LOG.log(Level.DEBUG, "Abandoning {0} on explicit request", connector);
            }
            return;
        }
        if (connector == null) {
            if (this.connector == null) {
                throw new IllegalStateException("no connector to retry");
            }
            connector = this.connector;
        }
        if (clock == null) {
            throw new IllegalStateException(
                    "no clock to schedule the retry on: pass the reactor to the constructor or call setClock");
        }
        retries++;
        if (maxRetries != null && retries > maxRetries) {
            if (noisy) {
                LOG.log(Level.INFO, "Abandoning {0} after {1} retries", connector, retries);
            }
            return;
        }
        delay = Math.min(delay * factor, maxDelay);
        if (jitter != 0) {
            delay = delay + random.nextGaussian() * delay * jitter;
        }
        if (noisy) {
            LOG.log(Level.DEBUG, "{0} will retry in {1} seconds", connector, delay);
        }
        if (callID != null && callID.active()) {
            callID.cancel();
        }
        IConnector target = connector;
        // A delay pushed below zero by extreme jitter means "at once": callLater refuses negative delays.
        callID = clock.callLater(Math.max(0.0, delay), () -> {
            callID = null;
            target.connect();
        });
    }

    /** A reactor's clock refuses a foreign thread before the factory's state moves (a test clock has none). */
    private void checkThread(String method) {
        if (clock instanceof TransportHost reactor) {
            reactor.checkThread(method);
        }
    }

    /**
     * Stops reconnecting for good (until {@link #resetDelay()}): cancels a pending retry, and abandons an attempt in
     * progress on the last connector seen. An established connection is left alone; close it through its transport
     * or {@code connector.disconnect()}, and no reconnection will follow.
     */
    public void stopTrying() {
        checkThread("stopTrying");
        if (callID != null) {
            if (callID.active()) {
                callID.cancel();
            }
            callID = null;
        }
        continueTrying = false;
        if (connector != null) {
            try {
                connector.stopConnecting();
            } catch (NotConnectingError notConnecting) {
                // Connected or already disconnected: nothing to abandon.
            }
        }
    }

    /**
     * Starts the back-off again from {@link #initialDelay()} with no retries counted, and re-enables reconnecting
     * after {@link #stopTrying()}. Call it once a connection has proved good (see the class comment). A retry already
     * scheduled keeps its time.
     */
    public void resetDelay() {
        checkThread("resetDelay");
        delay = initialDelay;
        retries = 0;
        continueTrying = true;
    }

    /** The cap on the delay, in seconds, before jitter. */
    public double maxDelay() {
        return maxDelay;
    }

    /** Caps the delay at {@code maxDelay} seconds (before jitter); infinity means no cap. */
    public void setMaxDelay(double maxDelay) {
        this.maxDelay = requireNonNegative(maxDelay, "maxDelay");
    }

    /** The delay the back-off starts from (and returns to on {@link #resetDelay()}). */
    public double initialDelay() {
        return initialDelay;
    }

    /**
     * Sets the delay the back-off starts from. Before any retry was counted it also becomes the current delay; in
     * Twisted a changed {@code initialDelay} only takes effect at the next {@code resetDelay()}, a trap this avoids.
     */
    public void setInitialDelay(double initialDelay) {
        this.initialDelay = requireNonNegative(initialDelay, "initialDelay");
        if (retries == 0) {
            delay = initialDelay;
        }
    }

    /** What each retry multiplies the delay by. */
    public double factor() {
        return factor;
    }

    /** Sets what each retry multiplies the delay by (Twisted suggests phi, 1.618..., when e grows too fast). */
    public void setFactor(double factor) {
        this.factor = requireNonNegative(factor, "factor");
    }

    /** The relative standard deviation of the noise added to each delay; 0 means none. */
    public double jitter() {
        return jitter;
    }

    /** Sets the relative spread of the delays; 0 makes them exact (useful in tests, risky in a large fleet). */
    public void setJitter(double jitter) {
        this.jitter = requireNonNegative(jitter, "jitter");
    }

    /** The delay of the last retry scheduled, in seconds ({@link #initialDelay()} before any). */
    public double delay() {
        return delay;
    }

    /** How many retries were counted since the start or the last {@link #resetDelay()}. */
    public int retries() {
        return retries;
    }

    /** The most consecutive retries before giving up, or null for no limit (the default). */
    public Integer maxRetries() {
        return maxRetries;
    }

    /** Gives up after {@code maxRetries} consecutive retries; null for no limit. */
    public void setMaxRetries(Integer maxRetries) {
        if (maxRetries != null && maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be null or >= 0, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
    }

    /** False once {@link #stopTrying()} was called (until {@link #resetDelay()}). */
    public boolean continueTrying() {
        return continueTrying;
    }

    /** The connector last seen by {@code clientConnectionFailed}/{@code Lost}, or null. */
    public IConnector connector() {
        return connector;
    }

    /** What retries are scheduled on, or null if none was given yet. */
    public IReactorTime clock() {
        return clock;
    }

    /** Schedules retries on {@code clock}: the reactor, or a {@code task.Clock} in tests. */
    public void setClock(IReactorTime clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Draws the jitter from {@code random}: pass a seeded {@link Random} to make the delays reproducible in a test.
     */
    public void setRandom(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    private static double requireNonNegative(double value, String name) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be a non-negative number, was " + value);
        }
        return value;
    }
}
