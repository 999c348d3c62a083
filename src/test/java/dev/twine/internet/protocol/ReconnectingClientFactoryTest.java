package dev.twine.internet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.error.ConnectionRefusedError;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.task.Clock;
import dev.twine.python.Failure;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReconnectingClientFactoryTest {
    private static final Failure REFUSED = Failure.of(new ConnectionRefusedError());
    private static final IAddress SERVER = new IPv4Address("TCP", "127.0.0.1", 8000);

    private final Clock clock = new Clock();
    private final FakeConnector connector = new FakeConnector();

    private ReconnectingClientFactory exactFactory() {
        ReconnectingClientFactory factory = ReconnectingClientFactory.forProtocol(clock, Protocol::new);
        factory.setJitter(0);
        factory.setNoisy(false); // keeps "Abandoning ..." out of the test output
        return factory;
    }

    /** The delay of the one pending call, measured from now. */
    private double pendingDelay() {
        List<IDelayedCall> calls = clock.getDelayedCalls();
        assertThat(calls).hasSize(1);
        return calls.get(0).getTime() - clock.seconds();
    }

    /** Fails an attempt, checks the retry is scheduled {@code expected} seconds out, then lets it run. */
    private void failAndExpectRetryAfter(ReconnectingClientFactory factory, double expected) {
        int before = connector.connects;
        factory.clientConnectionFailed(connector, REFUSED);
        double delay = pendingDelay();
        assertThat(delay).isCloseTo(expected, within(1e-9));
        clock.advance(delay - 1e-6);
        assertThat(connector.connects).isEqualTo(before);
        clock.advance(1e-6);
        assertThat(connector.connects).isEqualTo(before + 1);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void defaultsAreTwisteds() {
        ReconnectingClientFactory factory = new ReconnectingClientFactory(clock);
        assertThat(factory.maxDelay()).isEqualTo(3600);
        assertThat(factory.initialDelay()).isEqualTo(1.0);
        assertThat(factory.factor()).isEqualTo(Math.E);
        assertThat(factory.jitter()).isEqualTo(0.119626565582);
        assertThat(factory.delay()).isEqualTo(1.0);
        assertThat(factory.retries()).isZero();
        assertThat(factory.maxRetries()).isNull();
        assertThat(factory.continueTrying()).isTrue();
        assertThat(factory.connector()).isNull();
        assertThat(factory.clock()).isSameAs(clock);
    }

    @Test
    void delaysGrowByTheFactor() {
        ReconnectingClientFactory factory = exactFactory();
        double expected = 1.0;
        for (int i = 1; i <= 5; i++) {
            expected *= Math.E;
            failAndExpectRetryAfter(factory, expected);
            assertThat(factory.retries()).isEqualTo(i);
            assertThat(factory.delay()).isCloseTo(expected, within(1e-9));
        }
        assertThat(factory.connector()).isSameAs(connector);
    }

    @Test
    void lostConnectionsAreRetriedToo() {
        ReconnectingClientFactory factory = exactFactory();
        factory.clientConnectionLost(connector, Failure.of(new ConnectionLost()));
        assertThat(pendingDelay()).isCloseTo(Math.E, within(1e-9));
        clock.advance(Math.E);
        assertThat(connector.connects).isEqualTo(1);
    }

    @Test
    void delayIsCappedAtMaxDelay() {
        ReconnectingClientFactory factory = exactFactory();
        factory.setMaxDelay(10);
        failAndExpectRetryAfter(factory, Math.E);
        failAndExpectRetryAfter(factory, Math.E * Math.E);
        failAndExpectRetryAfter(factory, 10);
        failAndExpectRetryAfter(factory, 10);
        assertThat(connector.connects).isEqualTo(4);
    }

    @Test
    void initialDelayAndFactorAreHonoured() {
        ReconnectingClientFactory factory = exactFactory();
        factory.setInitialDelay(0.5);
        factory.setFactor(2);
        failAndExpectRetryAfter(factory, 1);
        failAndExpectRetryAfter(factory, 2);
        failAndExpectRetryAfter(factory, 4);
    }

    @Test
    void maxRetriesStopsRetrying() {
        ReconnectingClientFactory factory = exactFactory();
        factory.setMaxRetries(2);
        failAndExpectRetryAfter(factory, Math.E);
        failAndExpectRetryAfter(factory, Math.E * Math.E);
        factory.clientConnectionFailed(connector, REFUSED);
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(factory.retries()).isEqualTo(3);
        clock.advance(100_000);
        assertThat(connector.connects).isEqualTo(2);
    }

    @Test
    void maxRetriesZeroNeverRetries() {
        ReconnectingClientFactory factory = exactFactory();
        factory.setMaxRetries(0);
        factory.clientConnectionFailed(connector, REFUSED);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void stopTryingCancelsThePendingRetry() {
        ReconnectingClientFactory factory = exactFactory();
        factory.clientConnectionFailed(connector, REFUSED);
        IDelayedCall pending = clock.getDelayedCalls().get(0);
        factory.stopTrying();
        assertThat(pending.cancelled()).isTrue();
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(factory.continueTrying()).isFalse();
        // The connector was not connecting: its NotConnectingError is swallowed.
        assertThat(connector.stopConnectings).isEqualTo(1);
        clock.advance(100_000);
        assertThat(connector.connects).isZero();

        factory.clientConnectionFailed(connector, REFUSED);
        factory.clientConnectionLost(connector, REFUSED);
        factory.retry(connector);
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(factory.retries()).isEqualTo(1);
    }

    @Test
    void stopTryingAbandonsAnAttemptInProgress() {
        ReconnectingClientFactory factory = exactFactory();
        failAndExpectRetryAfter(factory, Math.E);
        assertThat(connector.state()).isEqualTo("connecting");
        factory.stopTrying();
        assertThat(connector.state()).isEqualTo("disconnected");
    }

    @Test
    void resetDelayStartsOver() {
        ReconnectingClientFactory factory = exactFactory();
        failAndExpectRetryAfter(factory, Math.E);
        failAndExpectRetryAfter(factory, Math.E * Math.E);
        factory.resetDelay();
        assertThat(factory.delay()).isEqualTo(1.0);
        assertThat(factory.retries()).isZero();
        failAndExpectRetryAfter(factory, Math.E);
    }

    @Test
    void resetDelayReenablesAfterStopTrying() {
        ReconnectingClientFactory factory = exactFactory();
        factory.setMaxRetries(1);
        failAndExpectRetryAfter(factory, Math.E);
        factory.stopTrying();
        factory.resetDelay();
        assertThat(factory.continueTrying()).isTrue();
        failAndExpectRetryAfter(factory, Math.E);
    }

    @Test
    void buildProtocolDoesNotResetTheDelayUnlessTheSubclassDoes() {
        ReconnectingClientFactory plain = exactFactory();
        failAndExpectRetryAfter(plain, Math.E);
        IProtocol p = plain.buildProtocol(SERVER);
        assertThat(((Protocol) p).factory()).isSameAs(plain);
        assertThat(plain.retries()).isEqualTo(1);
        failAndExpectRetryAfter(plain, Math.E * Math.E);

        ReconnectingClientFactory resetting = new ReconnectingClientFactory(clock) {
            @Override
            public IProtocol buildProtocol(IAddress addr) {
                resetDelay();
                return super.buildProtocol(addr);
            }
        };
        resetting.setProtocol(Protocol::new);
        resetting.setJitter(0);
        failAndExpectRetryAfter(resetting, Math.E);
        resetting.buildProtocol(SERVER);
        assertThat(resetting.retries()).isZero();
        resetting.clientConnectionLost(connector, Failure.of(new ConnectionLost()));
        assertThat(pendingDelay()).isCloseTo(Math.E, within(1e-9));
    }

    @Test
    void jitterIsNormalNoiseFromTheGivenRandom() {
        ReconnectingClientFactory factory = ReconnectingClientFactory.forProtocol(clock, Protocol::new);
        factory.setRandom(new Random(42));
        Random same = new Random(42);
        double jitter = factory.jitter();
        double expected = 1.0;
        for (int i = 0; i < 4; i++) {
            double base = Math.min(expected * Math.E, 3600);
            expected = base + same.nextGaussian() * base * jitter;
            factory.clientConnectionFailed(connector, REFUSED);
            assertThat(pendingDelay()).isCloseTo(expected, within(1e-9));
            assertThat(factory.delay()).isCloseTo(expected, within(1e-9));
            clock.advance(pendingDelay());
        }
        assertThat(connector.connects).isEqualTo(4);
    }

    @Test
    void jitterSpreadsDelaysAroundTheExactValue() {
        double sum = 0;
        double sumSquares = 0;
        int n = 2000;
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            Clock c = new Clock();
            ReconnectingClientFactory factory = ReconnectingClientFactory.forProtocol(c, Protocol::new);
            factory.setRandom(random);
            factory.clientConnectionFailed(connector, REFUSED);
            double d = c.getDelayedCalls().get(0).getTime();
            sum += d;
            sumSquares += d * d;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSquares / n - mean * mean);
        assertThat(mean).isCloseTo(Math.E, within(0.05));
        assertThat(sd / Math.E).isCloseTo(0.1196, within(0.01));
    }

    @Test
    void onlyOneRetryIsPendingAtATime() {
        ReconnectingClientFactory factory = exactFactory();
        factory.clientConnectionFailed(connector, REFUSED);
        factory.clientConnectionFailed(connector, REFUSED);
        assertThat(pendingDelay()).isCloseTo(Math.E * Math.E, within(1e-9));
        clock.advance(100);
        assertThat(connector.connects).isEqualTo(1);
    }

    @Test
    void retryNeedsAConnectorAndAClock() {
        assertThatThrownBy(() -> exactFactory().retry())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connector");

        ReconnectingClientFactory noClock = ReconnectingClientFactory.forProtocol(Protocol::new);
        assertThat(noClock.clock()).isNull();
        assertThatThrownBy(() -> noClock.clientConnectionFailed(connector, REFUSED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setClock");
        assertThat(noClock.retries()).isZero();
        noClock.setClock(clock);
        noClock.setJitter(0);
        noClock.retry();
        assertThat(pendingDelay()).isCloseTo(Math.E, within(1e-9));
    }

    @Test
    void settersRejectNonsense() {
        ReconnectingClientFactory factory = exactFactory();
        assertThatThrownBy(() -> factory.setMaxDelay(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> factory.setJitter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> factory.setMaxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        factory.setMaxRetries(null);
        factory.setMaxDelay(Double.POSITIVE_INFINITY);
        assertThat(factory.maxRetries()).isNull();
    }
}
