package dev.twine.internet.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.ReactorWrongThread;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.internet.interfaces.IPushProducer;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.DatagramProtocol;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.ProcessProtocol;
import dev.twine.internet.protocol.Protocol;
import dev.twine.internet.ssl.ClientContextFactory;
import dev.twine.internet.task.LoopingCall;
import dev.twine.python.Failure;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every public method of a transport, port, connector or timer that must run on the reactor's thread refuses a
 * call from another thread with {@link ReactorWrongThread} before it changes anything: afterwards the object works
 * exactly as if the call had never been made.
 */
class WrongThreadCallsTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    /** Made before any test's resource snapshot: the JDK's TLS set-up opens /dev/random once per JVM. */
    private static final ClientContextFactory TLS = ClientContextFactory.forHost("localhost");

    private static final IPushProducer IDLE_PRODUCER = new IPushProducer() {
        @Override
        public void pauseProducing() {
        }

        @Override
        public void resumeProducing() {
        }

        @Override
        public void stopProducing() {
        }
    };

    /**
     * Runs each call on a new thread while the reactor runs (the caller, on the reactor thread, waits for it) and
     * returns the names of those that did not raise {@link ReactorWrongThread}, with what happened instead.
     */
    private static List<String> notRefused(Map<String, Runnable> calls) {
        List<String> accepted = new ArrayList<>();
        Thread foreign = new Thread(() -> {
            for (Map.Entry<String, Runnable> call : calls.entrySet()) {
                try {
                    call.getValue().run();
                    accepted.add(call.getKey() + ": returned");
                } catch (ReactorWrongThread expected) {
                    if (!expected.getMessage().contains("not-the-reactor")) {
                        accepted.add(call.getKey() + ": message does not name the thread: " + expected.getMessage());
                    }
                } catch (Throwable other) {
                    accepted.add(call.getKey() + ": " + other);
                }
            }
        }, "not-the-reactor");
        foreign.start();
        try {
            foreign.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(foreign.isAlive()).as("the foreign calls finished").isFalse();
        return accepted;
    }

    @Test
    void tcpConnectionPortAndConnectorRefuseAnotherThreadAndKeepWorking() {
        EPollReactor reactor = fixture.reactor();
        ByteArrayOutputStream firstReceived = new ByteArrayOutputStream();
        ByteArrayOutputStream secondReceived = new ByteArrayOutputStream();
        List<String> accepted = new ArrayList<>();
        AtomicReference<Failure> firstLost = new AtomicReference<>();
        int[] serverConnections = {0};
        IListeningPort[] port = new IListeningPort[1];
        IConnector[] firstConnector = new IConnector[1];

        port[0] = reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
            final ByteArrayOutputStream sink = ++serverConnections[0] == 1 ? firstReceived : secondReceived;

            @Override
            public void dataReceived(byte[] data) {
                sink.writeBytes(data);
                if (sink == secondReceived && sink.toString(StandardCharsets.US_ASCII).equals("again")) {
                    reactor.stop();
                }
            }

            @Override
            public void connectionLost(Failure reason) {
                if (sink == firstReceived) {
                    firstLost.set(reason);
                    // The port must still accept: a refused stopListening has not half-stopped it.
                    int number = ((IPv4Address) port[0].getHost()).port();
                    reactor.connectTCP("127.0.0.1", number, ClientFactory.forProtocol(() -> new Protocol() {
                        @Override
                        public void connectionMade() {
                            transport.write("again".getBytes(StandardCharsets.US_ASCII));
                        }
                    }));
                }
            }
        }), 50, "127.0.0.1");
        int number = ((IPv4Address) port[0].getHost()).port();

        firstConnector[0] = reactor.connectTCP("127.0.0.1", number, ClientFactory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                ITCPTransport t = (ITCPTransport) transport;
                Map<String, Runnable> calls = new LinkedHashMap<>();
                calls.put("write", () -> t.write("foreign".getBytes(StandardCharsets.US_ASCII)));
                calls.put("write(ByteBuffer)", () -> t.write(ByteBuffer.wrap(new byte[] {'x'})));
                calls.put("writeSequence", () -> t.writeSequence(List.of(new byte[] {'y'})));
                calls.put("loseConnection", t::loseConnection);
                calls.put("loseWriteConnection", t::loseWriteConnection);
                calls.put("abortConnection", t::abortConnection);
                calls.put("registerProducer", () -> t.registerProducer(IDLE_PRODUCER, true));
                calls.put("unregisterProducer", t::unregisterProducer);
                calls.put("pauseProducing", ((IPushProducer) t)::pauseProducing);
                calls.put("resumeProducing", ((IPushProducer) t)::resumeProducing);
                calls.put("stopProducing", ((IPushProducer) t)::stopProducing);
                calls.put("setTcpNoDelay", () -> t.setTcpNoDelay(true));
                calls.put("setTcpKeepAlive", () -> t.setTcpKeepAlive(true));
                calls.put("setOption", () -> t.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096));
                calls.put("port.setOption", () -> port[0].setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096));
                calls.put("startTLS", () -> ((dev.twine.internet.interfaces.ITLSTransport) t)
                        .startTLS(TLS));
                calls.put("port.stopListening", port[0]::stopListening);
                calls.put("port.startListening", port[0]::startListening);
                calls.put("connector.disconnect", firstConnector[0]::disconnect);
                calls.put("connector.stopConnecting", firstConnector[0]::stopConnecting);
                calls.put("connector.connect", firstConnector[0]::connect);
                calls.put("reactor.callLater", () -> reactor.callLater(0, () -> { }));
                calls.put("reactor.getDelayedCalls", reactor::getDelayedCalls);
                accepted.addAll(notRefused(calls));
                // Refused calls left nothing behind: this write is sent and this close happens.
                transport.write("hello".getBytes(StandardCharsets.US_ASCII));
                transport.loseConnection();
            }
        }));

        Reactors.run(reactor);

        assertThat(accepted).as("calls from another thread that were not refused").isEmpty();
        assertThat(firstReceived.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(firstLost.get()).as("the close asked for on the reactor thread happened").isNotNull();
        assertThat(secondReceived.toString(StandardCharsets.US_ASCII)).isEqualTo("again");
        port[0].stopListening();
        reactor.disconnectAll();
        reactor.iterate(0);
    }

    @Test
    void timersAndLoopingCallsRefuseAnotherThread() {
        EPollReactor reactor = fixture.reactor();
        List<String> accepted = new ArrayList<>();
        int[] fired = {0};
        int[] loops = {0};
        double[] firedAt = new double[1];
        double[] scheduledAt = new double[1];
        LoopingCall running = new LoopingCall(reactor, () -> loops[0]++);
        LoopingCall idle = new LoopingCall(reactor, () -> { });

        reactor.callWhenRunning(() -> {
            scheduledAt[0] = reactor.seconds();
            IDelayedCall call = reactor.callLater(0.2, () -> {
                fired[0]++;
                firedAt[0] = reactor.seconds();
                reactor.stop();
            });
            running.start(10, true);
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("DelayedCall.cancel", call::cancel);
            calls.put("DelayedCall.reset", () -> call.reset(30));
            calls.put("DelayedCall.delay", () -> call.delay(30));
            calls.put("LoopingCall.start", () -> idle.start(0.01, true));
            calls.put("LoopingCall.stop", running::stop);
            calls.put("LoopingCall.reset", running::reset);
            dev.twine.internet.protocol.ReconnectingClientFactory reconnecting =
                    dev.twine.internet.protocol.ReconnectingClientFactory.forProtocol(reactor, Protocol::new);
            calls.put("ReconnectingClientFactory.stopTrying", reconnecting::stopTrying);
            calls.put("ReconnectingClientFactory.resetDelay", reconnecting::resetDelay);
            calls.put("ReconnectingClientFactory.retry", reconnecting::retry);
            accepted.addAll(notRefused(calls));
            assertThat(call.active()).isTrue();
        });

        Reactors.run(reactor);

        assertThat(accepted).as("calls from another thread that were not refused").isEmpty();
        assertThat(fired[0]).isEqualTo(1);
        assertThat(firedAt[0] - scheduledAt[0]).as("the timer kept its time").isLessThan(5);
        assertThat(idle.running()).as("a refused start did not start the loop").isFalse();
        assertThat(running.running()).as("a refused stop did not stop the loop").isTrue();
        assertThat(loops[0]).isEqualTo(1);
        running.stop();
    }

    @Test
    void udpPortRefusesAnotherThreadAndKeepsWorking() {
        EPollReactor reactor = fixture.reactor();
        List<String> accepted = new ArrayList<>();
        List<String> received = new ArrayList<>();
        boolean[] broadcast = {true};
        IUDPTransport[] port = new IUDPTransport[1];
        port[0] = reactor.listenUDP(0, new DatagramProtocol() {
            @Override
            public void datagramReceived(byte[] data, dev.twine.internet.interfaces.IAddress from) {
                received.add(new String(data, StandardCharsets.US_ASCII));
                broadcast[0] = port[0].getBroadcastAllowed();
                reactor.stop();
            }
        }, "127.0.0.1", 8192);
        InetSocketAddress self = new InetSocketAddress("127.0.0.1", ((IPv4Address) port[0].getHost()).port());
        reactor.callWhenRunning(() -> {
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("write", () -> port[0].write("foreign".getBytes(StandardCharsets.US_ASCII), self));
            calls.put("connect", () -> port[0].connect("127.0.0.1", 9));
            calls.put("setBroadcastAllowed", () -> port[0].setBroadcastAllowed(true));
            calls.put("setOption", () -> port[0].setOption(java.net.StandardSocketOptions.SO_BROADCAST, true));
            calls.put("stopListening", port[0]::stopListening);
            accepted.addAll(notRefused(calls));
            port[0].write("hello".getBytes(StandardCharsets.US_ASCII), self);
        });

        Reactors.run(reactor);

        assertThat(accepted).as("calls from another thread that were not refused").isEmpty();
        assertThat(received).containsExactly("hello");
        assertThat(broadcast[0]).as("a refused setBroadcastAllowed changed nothing").isFalse();
    }

    @Test
    void processTransportRefusesAnotherThreadAndKeepsWorking() {
        EPollReactor reactor = fixture.reactor();
        List<String> accepted = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<Failure> ended = new AtomicReference<>();
        reactor.callWhenRunning(() -> {
            IProcessTransport cat = reactor.spawnProcess(new ProcessProtocol() {
                @Override
                public void outReceived(byte[] data) {
                    out.writeBytes(data);
                }

                @Override
                public void processEnded(Failure reason) {
                    ended.set(reason);
                    reactor.stop();
                }
            }, "/bin/cat", List.of("cat"));
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("write", () -> cat.write("foreign".getBytes(StandardCharsets.US_ASCII)));
            calls.put("writeToChild", () -> cat.writeToChild(0, new byte[] {'x'}));
            calls.put("closeStdin", cat::closeStdin);
            calls.put("closeChildFD", () -> cat.closeChildFD(1));
            calls.put("loseConnection", cat::loseConnection);
            calls.put("signalProcess", () -> cat.signalProcess("KILL"));
            calls.put("pauseProducing", ((IPushProducer) cat)::pauseProducing);
            calls.put("registerProducer", () -> cat.registerProducer(IDLE_PRODUCER, true));
            accepted.addAll(notRefused(calls));
            cat.write("hello".getBytes(StandardCharsets.US_ASCII));
            cat.closeStdin();
        });

        Reactors.run(reactor);

        assertThat(accepted).as("calls from another thread that were not refused").isEmpty();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(ended.get().value()).isInstanceOf(dev.twine.internet.error.ProcessDone.class);
    }
}
