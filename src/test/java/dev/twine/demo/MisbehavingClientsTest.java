package dev.twine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP demo against clients that misbehave on purpose, over real loopback connections: one that connects and
 * never sends, one that dribbles a request head a byte at a time (slowloris), one that dribbles a body so, one
 * whose head never ends; the demo bounds idle time, the time one whole request takes and head size and closes
 * them, while a well-behaved client is served throughout.
 */
@Timeout(30)
class MisbehavingClientsTest {
    private static final double IDLE_TIMEOUT = 0.3;

    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    /** Sends what it is told, keeps what comes back, notes when it ends. */
    static final class RawClient extends Protocol {
        final StringBuilder got = new StringBuilder();
        long madeAt;
        long lostAt;

        @Override
        public void connectionMade() {
            madeAt = System.nanoTime();
        }

        void send(String text) {
            transport.write(text.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            got.append(new String(data, StandardCharsets.US_ASCII));
        }

        @Override
        public void connectionLost(Failure reason) {
            lostAt = System.nanoTime();
        }

        boolean isLost() {
            return lostAt != 0;
        }

        double secondsOpen() {
            return (lostAt - madeAt) / 1e9;
        }
    }

    @Test
    void idleDribblingAndOversizedClientsAreClosedWhileAGoodOneIsServed() {
        EPollReactor reactor = fixture.reactor();
        HelloHttpFactory factory = new HelloHttpFactory(reactor, IDLE_TIMEOUT);
        IListeningPort port = reactor.listenTCP(0, factory, 50, "127.0.0.1");
        int portNumber = ((IPv4Address) port.getHost()).port();

        RawClient silent = connect(reactor, portNumber);
        RawClient dribbler = connect(reactor, portNumber);
        RawClient bodyDribbler = connect(reactor, portNumber);
        RawClient oversized = connect(reactor, portNumber);
        RawClient good = connect(reactor, portNumber);
        Reactors.iterateUntil(reactor, () -> silent.madeAt != 0 && dribbler.madeAt != 0 && bodyDribbler.madeAt != 0
                && oversized.madeAt != 0 && good.madeAt != 0);

        // One byte every 20 ms: always active, never done with its head.
        String endless = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(10_000);
        int[] sent = {0};
        IDelayedCall[] drip = new IDelayedCall[1];
        Runnable dripOne = new Runnable() {
            @Override
            public void run() {
                if (!dribbler.isLost()) {
                    dribbler.send(endless.substring(sent[0], sent[0] + 1));
                    sent[0]++;
                    drip[0] = reactor.callLater(0.02, this);
                }
            }
        };
        dripOne.run();
        // A whole head at once, then its body one byte every 20 ms: always active, never done with its request.
        bodyDribbler.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n");
        int[] bodySent = {0};
        IDelayedCall[] bodyDrip = new IDelayedCall[1];
        Runnable bodyDripOne = new Runnable() {
            @Override
            public void run() {
                if (!bodyDribbler.isLost()) {
                    bodyDribbler.send("b");
                    bodySent[0]++;
                    bodyDrip[0] = reactor.callLater(0.02, this);
                }
            }
        };
        bodyDripOne.run();
        oversized.send("GET / HTTP/1.1\r\nX-Big: " + "b".repeat(HelloHttp.MAX_HEAD) + "\r\n");
        // The good client asks again every 50 ms, so it is never idle.
        IDelayedCall[] ask = new IDelayedCall[1];
        Runnable askOnce = new Runnable() {
            @Override
            public void run() {
                good.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                ask[0] = reactor.callLater(0.05, this);
            }
        };
        askOnce.run();

        long t0 = System.nanoTime();
        Reactors.iterateUntil(reactor,
                () -> silent.isLost() && dribbler.isLost() && bodyDribbler.isLost() && oversized.isLost());
        System.out.printf("misbehaving clients closed in %.2f s%n", (System.nanoTime() - t0) / 1e9);
        ask[0].cancel();
        for (IDelayedCall call : new IDelayedCall[] {drip[0], bodyDrip[0]}) {
            if (call.active()) {
                call.cancel();
            }
        }
        assertThat(oversized.got.toString()).startsWith("HTTP/1.1 431");
        assertThat(silent.secondsOpen()).as("idle client closed after the timeout")
                .isBetween(IDLE_TIMEOUT, IDLE_TIMEOUT * 4);
        assertThat(dribbler.secondsOpen()).as("slowloris closed although it kept sending")
                .isBetween(IDLE_TIMEOUT, IDLE_TIMEOUT * 4);
        assertThat(sent[0]).as("bytes the dribbler got in").isLessThan(100);
        assertThat(bodyDribbler.secondsOpen()).as("body dribbler closed although it kept sending")
                .isBetween(IDLE_TIMEOUT, IDLE_TIMEOUT * 4);
        assertThat(good.isLost()).isFalse();
        int answered = good.got.toString().split("Hello, World!", -1).length - 1;
        assertThat(answered).as("responses to the good client").isGreaterThanOrEqualTo(5);
        good.transport().loseConnection();
        Reactors.iterateUntil(reactor, good::isLost);
        boolean[] stopped = new boolean[1];
        port.stopListening().addCallback(v -> {
            stopped[0] = true;
            return v;
        });
        Reactors.iterateUntil(reactor, () -> stopped[0] && factory.openConnections() == 0);
    }

    private static RawClient connect(EPollReactor reactor, int port) {
        RawClient c = new RawClient();
        reactor.connectTCP("127.0.0.1", port, ClientFactory.forProtocol(() -> c));
        return c;
    }
}
