package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.ConnectionRefusedError;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.internet.protocol.ReconnectingClientFactory;
import dev.twine.protocols.wire.Echo;
import dev.twine.python.Failure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ReconnectingClientFactory against real sockets: refused while the port is closed, connected once it opens. */
@Timeout(30)
class TcpReconnectTest extends TcpTestBase {
    @Test
    void retriesWithGrowingDelaysUntilThePortOpens() {
        // A port number that was free a moment ago and is closed now: connects to it are refused.
        IListeningPort probe = listen(Factory.forProtocol(Echo::new));
        int port = portOf(probe);
        probe.stopListening();
        settle();

        List<Double> failureTimes = new ArrayList<>();
        List<Throwable> reasons = new ArrayList<>();
        List<Double> delays = new ArrayList<>();
        boolean[] reached = {false};
        ReconnectingClientFactory factory = new ReconnectingClientFactory(reactor()) {
            @Override
            public void clientConnectionFailed(IConnector connector, Failure reason) {
                failureTimes.add(reactor().seconds());
                reasons.add(reason.value());
                super.clientConnectionFailed(connector, reason);
                delays.add(delay());
            }
        };
        factory.setInitialDelay(0.02);
        factory.setFactor(2);
        factory.setJitter(0);
        factory.setProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                reached[0] = true;
                transport.loseConnection();
            }
        });
        reactor().connectTCP("127.0.0.1", port, factory);

        runUntil(() -> failureTimes.size() >= 3);
        IListeningPort server = reactor().listenTCP(port, Factory.forProtocol(Echo::new), 50, "127.0.0.1");
        runUntil(() -> reached[0]);
        factory.stopTrying();

        assertThat(reasons).allSatisfy(r -> assertThat(r).isInstanceOf(ConnectionRefusedError.class));
        // The delays scheduled grow by the factor; each measured gap is at least its delay (a busy machine only
        // makes gaps longer, so gaps are not compared with each other).
        assertThat(delays.get(1)).as("the delay grows by the factor").isCloseTo(delays.get(0) * 2,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(delays.get(2)).isCloseTo(delays.get(1) * 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(failureTimes.get(1) - failureTimes.get(0)).isGreaterThanOrEqualTo(delays.get(0) * 0.95);
        assertThat(failureTimes.get(2) - failureTimes.get(1)).isGreaterThanOrEqualTo(delays.get(1) * 0.95);
        assertThat(factory.retries()).isGreaterThanOrEqualTo(3);

        server.stopListening();
        settle();
    }
}
