package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.SocketOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transports need nothing from a reactor but {@link IReactor} and {@link TransportHost}: a reactor that is no
 * {@code ReactorBase} at all (here a proxy that passes each call on to an EPollReactor and notes the seam's) hosts
 * TCP unchanged, and its close hook still disconnects what is open.
 */
@Timeout(30)
class TcpTransportHostTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    private EPollReactor reactor() {
        return fixture.reactor();
    }

    /** A reactor of another class, implementing only the two interfaces; notes the TransportHost calls made. */
    private IReactor foreignReactor(Set<String> seamCalls) {
        IReactor real = reactor();
        return (IReactor) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {IReactor.class, TransportHost.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == TransportHost.class) {
                        seamCalls.add(method.getName());
                    }
                    if (method.getDeclaringClass() == Object.class && method.getName().equals("equals")) {
                        return proxy == args[0];
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aReactorOfAnotherClassHostsTcpThroughTheSeamAlone() {
        Set<String> seamCalls = new TreeSet<>();
        IReactor host = foreignReactor(seamCalls);
        RecordingFactory server = new RecordingFactory();
        server.builder = a -> {
            RecordingProtocol p = new RecordingProtocol(server.events);
            p.onData = data -> p.transport.write(data);
            return p;
        };
        RecordingFactory client = new RecordingFactory();
        TCPProvider tcp = new TCPProvider();

        IListeningPort port = tcp.listenTCP(host, 0, server, 50, "127.0.0.1", SocketOptions.none());
        tcp.connectTCP(host, "127.0.0.1", ((Port) port).realPort(), client, 5, null);
        Reactors.iterateUntil(reactor(),
                () -> !client.built.isEmpty() && ((RecordingProtocol) client.protocol(0)).transport != null);
        RecordingProtocol c = client.protocol(0);
        c.transport.write("through the seam".getBytes(StandardCharsets.US_ASCII));
        Reactors.iterateUntil(reactor(), () -> c.receivedBytes == "through the seam".length());

        assertThat(c.received.toString(StandardCharsets.US_ASCII)).isEqualTo("through the seam");
        assertThat(seamCalls).contains("buffers", "checkThread", "flushAtEndOfPass", "addOpenDescriptor");
        assertThat(reactor().openDescriptorCount()).as("port, client and server connection").isEqualTo(3);

        // The reactor's close hook reaches what was registered through the seam.
        reactor().close();
        assertThat(c.lost).singleElement().satisfies(f -> assertThat(f.value()).isInstanceOf(ConnectionLost.class));
        RecordingProtocol s = server.protocol(0);
        assertThat(s.lost).singleElement().satisfies(f -> assertThat(f.value()).isInstanceOf(ConnectionLost.class));
        assertThat(reactor().buffers().idleChunks()).as("the pool is freed with the reactor").isZero();
    }
}
