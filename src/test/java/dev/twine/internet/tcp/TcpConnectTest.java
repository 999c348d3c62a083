package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.Sockets;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionRefusedError;
import dev.twine.internet.error.DNSLookupError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.NotConnectingError;
import dev.twine.internet.error.TimeoutError;
import dev.twine.internet.error.UserError;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IHostnameResolver;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IResolutionReceiver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code connectTCP}: the connector's states and the factory's callbacks, in Twisted's order, for each outcome. */
@Timeout(60)
class TcpConnectTest extends TcpTestBase {

    @Test
    void successCallsTheFactoryInTwistedsOrder() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        RecordingFactory client = new RecordingFactory();
        IConnector connector = reactor().connectTCP("127.0.0.1", portOf(port), client);
        assertThat(connector.state()).isEqualTo("connecting");
        assertThat(client.events).as("synchronously").containsExactly("doStart", "startedConnecting");
        assertThat(connector.getDestination()).isEqualTo(new IPv4Address("TCP", "127.0.0.1", portOf(port)));

        runUntil(() -> !client.built.isEmpty() && !server.built.isEmpty());
        assertThat(connector.state()).isEqualTo("connected");
        RecordingProtocol p = client.protocol(0);
        assertThat(p.made).isOne();
        assertThat(client.addresses).containsExactly(new IPv4Address("TCP", "127.0.0.1", portOf(port)));
        assertThat(p.transport.getPeer()).isEqualTo(client.addresses.get(0));
        // the server saw the client's local address as its peer
        assertThat(server.addresses).containsExactly(p.transport.getHost());

        connector.disconnect();
        runUntil(() -> client.stops == 1);
        assertThat(client.events).containsExactly("doStart", "startedConnecting", "buildProtocol",
                "connectionMade", "connectionLost", "clientConnectionLost", "doStop");
        assertThat(client.lost.get(0).value()).isInstanceOf(ConnectionDone.class);
        assertThat(connector.state()).isEqualTo("disconnected");
        port.stopListening();
        runUntil(() -> server.stops == 1);
    }

    @Test
    void refusedWhenThePortWasJustClosed() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        int number = portOf(port);
        boolean[] closed = {false};
        port.stopListening().addCallback(ignored -> closed[0] = true);
        runUntil(() -> closed[0]);

        RecordingFactory client = new RecordingFactory();
        IConnector connector = reactor().connectTCP("127.0.0.1", number, client);
        runUntil(() -> !client.failed.isEmpty());
        assertThat(client.failed.get(0).value()).isInstanceOf(ConnectionRefusedError.class)
                .hasCauseInstanceOf(ErrnoException.class);
        assertThat(client.events).containsExactly("doStart", "startedConnecting", "clientConnectionFailed", "doStop");
        assertThat(connector.state()).isEqualTo("disconnected");
        assertThat(server.starts).isEqualTo(server.stops).isOne();
    }

    /**
     * A loopback listener with a backlog of 1 that never accepts: once its queue is full the kernel drops new SYNs,
     * so the next connection stays pending and the connector's own timeout ends it.
     */
    @Test
    void timesOutAgainstAFullBacklog() {
        int listener = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        Sockets.bind(listener, new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0));
        Sockets.listen(listener, 1);
        int number = Sockets.getsockname(listener).getPort();

        List<RecordingFactory> connected = new ArrayList<>();
        RecordingFactory timedOut = null;
        for (int attempt = 0; attempt < 20 && timedOut == null; attempt++) {
            RecordingFactory client = new RecordingFactory();
            double start = reactor().seconds();
            // Long enough that a connection the backlog has room for completes in time on a loaded machine.
            reactor().connectTCP("127.0.0.1", number, client, 1.5, null);
            runUntil(() -> !client.built.isEmpty() || !client.failed.isEmpty());
            if (client.failed.isEmpty()) {
                connected.add(client);
            } else {
                assertThat(client.failed.get(0).value()).isInstanceOf(TimeoutError.class);
                assertThat(reactor().seconds() - start).isGreaterThanOrEqualTo(1.45);
                assertThat(client.events).containsExactly("doStart", "startedConnecting",
                        "clientConnectionFailed", "doStop");
                timedOut = client;
            }
        }
        assertThat(timedOut).as("an attempt stayed pending until its timeout").isNotNull();
        assertThat(connected).as("the queue held a connection or two first").isNotEmpty();
    }

    /** A resolver that answers on another thread, as a real one does, from a fixed table. */
    private IHostnameResolver fakeResolver(String name, String address, List<String> asked) {
        return (receiver, hostName, portNumber) -> {
            asked.add(hostName);
            Thread t = new Thread(() -> reactor().callFromThread(() -> {
                if (hostName.equals(name)) {
                    receiver.addressResolved(new InetSocketAddress(InetAddress.ofLiteral(address), portNumber));
                }
                receiver.resolutionComplete();
            }), "fake-resolver");
            t.start();
            return receiver;
        };
    }

    @Test
    void aTimeoutDuringTheLookupSaysSo() {
        // A resolver that never answers: the timeout must not claim a connection was tried.
        reactor().installNameResolver((receiver, hostName, portNumber) -> receiver);
        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("never.test", 80, client, 0.1, null);
        runUntil(() -> !client.failed.isEmpty());
        assertThat(client.failed.get(0).value()).isInstanceOf(TimeoutError.class)
                .hasMessageContaining("looking up 'never.test'");
    }

    @Test
    void localhostResolvesOnAReactorDrivenOnlyByIterate() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        RecordingFactory client = new RecordingFactory();
        double started = reactor().seconds();
        reactor().connectTCP("localhost", portOf(port), client, 10, null);
        // The lookup runs on the worker pool, which must start although run() is never called.
        runUntil(() -> !client.built.isEmpty() || !client.failed.isEmpty(), 8);
        assertThat(reactor().seconds() - started).isLessThan(8);
        if (client.failed.isEmpty()) {
            runUntil(() -> !server.built.isEmpty());
        } else {
            // localhost may name ::1 first, where nothing listens: refused, never a timeout of an unmade attempt
            assertThat(client.failed.get(0).value()).isInstanceOf(ConnectionRefusedError.class);
        }
    }

    @Test
    void hostNamesGoThroughTheReactorsResolver() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        List<String> asked = new ArrayList<>();
        reactor().installNameResolver(fakeResolver("service.test", "127.0.0.1", asked));
        RecordingFactory client = new RecordingFactory();
        IConnector connector = reactor().connectTCP("service.test", portOf(port), client);
        assertThat(connector.getDestination()).isEqualTo(new IPv4Address("TCP", "service.test", portOf(port)));
        runUntil(() -> !client.built.isEmpty());
        assertThat(asked).containsExactly("service.test");
        assertThat(client.addresses).containsExactly(new IPv4Address("TCP", "127.0.0.1", portOf(port)));
    }

    /** Nothing leaves the machine: the resolver is a fake that knows no names, so no DNS query is ever made. */
    @Test
    void unknownNameFailsWithDnsLookupError() {
        List<String> asked = new ArrayList<>();
        reactor().installNameResolver(fakeResolver("other.test", "127.0.0.1", asked));
        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("nonexistent.invalid", 80, client);
        runUntil(() -> !client.failed.isEmpty());
        assertThat(asked).containsExactly("nonexistent.invalid");
        assertThat(client.failed.get(0).value()).isInstanceOf(DNSLookupError.class)
                .hasMessageContaining("nonexistent.invalid");
        assertThat(client.events).containsExactly("doStart", "startedConnecting", "clientConnectionFailed", "doStop");
    }

    @Test
    void aSynchronousResolverWorksToo() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        reactor().installNameResolver((receiver, hostName, portNumber) -> {
            receiver.addressResolved(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 1));
            receiver.resolutionComplete();
            return receiver;
        });
        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("anything.test", portOf(port), client);
        runUntil(() -> !client.built.isEmpty());
        assertThat(client.addresses).as("the connector's port, not the resolver's")
                .containsExactly(new IPv4Address("TCP", "127.0.0.1", portOf(port)));
    }

    @Test
    void stopConnectingFailsWithUserError() {
        AtomicReference<IResolutionReceiver> pending = new AtomicReference<>();
        reactor().installNameResolver((receiver, hostName, portNumber) -> {
            pending.set(receiver);
            return receiver;
        });
        RecordingFactory client = new RecordingFactory();
        IConnector connector = reactor().connectTCP("slow.test", 80, client);
        runUntil(() -> pending.get() != null);
        connector.stopConnecting();
        assertThat(client.failed).hasSize(1);
        assertThat(client.failed.get(0).value()).isExactlyInstanceOf(UserError.class);
        assertThat(client.events).containsExactly("doStart", "startedConnecting", "clientConnectionFailed", "doStop");
        assertThat(connector.state()).isEqualTo("disconnected");
        assertThatThrownBy(connector::stopConnecting).isInstanceOf(NotConnectingError.class);
        // a late answer is ignored
        pending.get().addressResolved(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 80));
        pending.get().resolutionComplete();
        settle();
        assertThat(client.events).hasSize(4);
    }

    @Test
    void stopConnectingBeforeTheFirstPass() {
        RecordingFactory client = new RecordingFactory();
        IConnector connector = reactor().connectTCP("127.0.0.1", 9, client);
        connector.disconnect();
        settle();
        assertThat(client.events).containsExactly("doStart", "startedConnecting", "clientConnectionFailed", "doStop");
        assertThat(client.failed.get(0).value()).isInstanceOf(UserError.class);
        assertThat(reactor().getDelayedCalls()).as("no timeout or start left behind").isEmpty();
    }

    @Test
    void connectingAgainFromClientConnectionLostReconnects() {
        RecordingFactory server = new RecordingFactory();
        server.builder = a -> {
            RecordingProtocol p = new RecordingProtocol();
            p.onMade = RecordingProtocol::transportLoseConnection;
            return p;
        };
        IListeningPort port = listen(server);
        RecordingFactory client = new RecordingFactory();
        int[] reconnects = {0};
        client.onLost = (connector, reason) -> {
            if (reconnects[0]++ < 2) {
                connector.connect();
            }
        };
        IConnector connector = reactor().connectTCP("127.0.0.1", portOf(port), client);
        runUntil(() -> client.lost.size() == 3);
        assertThat(client.built).hasSize(3);
        assertThat(client.starts).as("the factory stays started across reconnects").isOne();
        assertThat(client.stops).isOne();
        assertThat(client.events.stream().filter("startedConnecting"::equals)).hasSize(3);
        assertThat(connector.state()).isEqualTo("disconnected");
        assertThatThrownBy(() -> {
            connector.connect();
            connector.connect();
        }).isInstanceOf(IllegalStateException.class);
        connector.stopConnecting();
    }

    @Test
    void bindAddressChoosesTheLocalEnd() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("127.0.0.1", portOf(port), client, 5,
                new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0));
        runUntil(() -> !client.built.isEmpty());
        RecordingProtocol p = client.protocol(0);
        IPv4Address host = (IPv4Address) p.transport.getHost();
        assertThat(host.host()).isEqualTo("127.0.0.1");
        assertThat(host.port()).isPositive();
    }

    @Test
    void bindingAnAddressInUseFailsWithConnectBindError() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        RecordingFactory client = new RecordingFactory();
        reactor().connectTCP("127.0.0.1", portOf(port), client, 5,
                new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), portOf(port)));
        runUntil(() -> !client.failed.isEmpty());
        assertThat(client.failed.get(0).value()).isInstanceOf(dev.twine.internet.error.ConnectBindError.class);
    }

    @Test
    void refusingFactoryClosesTheNewConnection() {
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = listen(server);
        RecordingFactory client = new RecordingFactory();
        client.builder = a -> null;
        reactor().connectTCP("127.0.0.1", portOf(port), client);
        runUntil(() -> !client.lost.isEmpty());
        assertThat(client.events).containsExactly("doStart", "startedConnecting", "buildProtocol",
                "clientConnectionLost", "doStop");
        RecordingProtocol accepted = server.protocol(0);
        runUntil(accepted::isLost);
        assertThat(accepted.reason()).isInstanceOf(ConnectionDone.class);
    }

    @Test
    void ipv6LiteralDestination() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ipv6Loopback(), "this machine has ::1");
        RecordingFactory server = new RecordingFactory();
        IListeningPort port = reactor().listenTCP(0, server, 50, "::1");
        assertThat(port.getHost()).isEqualTo(new IPv6Address("TCP", "::1", portOf(port)));
        RecordingFactory client = new RecordingFactory();
        IConnector connector = reactor().connectTCP("::1", portOf(port), client);
        assertThat(connector.getDestination()).isEqualTo(new IPv6Address("TCP", "::1", portOf(port)));
        runUntil(() -> !client.built.isEmpty() && !server.built.isEmpty());
        RecordingProtocol p = client.protocol(0);
        assertThat(p.transport.getPeer()).isEqualTo(new IPv6Address("TCP", "::1", portOf(port)));
        assertThat(((IPv6Address) server.addresses.get(0)).host()).isEqualTo("::1");
        p.write("over six");
        RecordingProtocol accepted = server.protocol(0);
        runUntil(() -> accepted.receivedBytes == 8);
        assertThat(accepted.text()).isEqualTo("over six");
    }
}
