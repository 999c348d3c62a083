package dev.twine.internet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IHalfCloseableProtocol;
import dev.twine.internet.interfaces.ITransport;
import dev.twine.python.Failure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProtocolTest {
    /** Records what it saw in each callback, including the transport as connectionMade found it. */
    static final class Recording extends Protocol {
        final List<String> events = new ArrayList<>();
        ITransport transportInConnectionMade;
        boolean connectedInConnectionMade;

        @Override
        public void connectionMade() {
            transportInConnectionMade = transport;
            connectedInConnectionMade = connected;
            events.add("made");
            transport.write("hello".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            events.add("data:" + new String(data, StandardCharsets.US_ASCII));
        }

        @Override
        public void connectionLost(Failure reason) {
            events.add("lost:" + reason.type().getSimpleName());
        }
    }

    @Test
    void makeConnectionSetsTransportThenCallsConnectionMade() {
        Recording p = new Recording();
        FakeTransport t = new FakeTransport();
        assertThat(p.connected()).isFalse();
        assertThat(p.transport()).isNull();

        p.makeConnection(t);

        assertThat(p.transportInConnectionMade).isSameAs(t);
        assertThat(p.connectedInConnectionMade).isTrue();
        assertThat(p.transport()).isSameAs(t);
        assertThat(p.connected()).isTrue();
        assertThat(p.events).containsExactly("made");
        assertThat(t.written.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void callbacksReachTheSubclass() {
        Recording p = new Recording();
        p.makeConnection(new FakeTransport());
        p.dataReceived("abc".getBytes(StandardCharsets.US_ASCII));
        p.connectionLost(Failure.of(new ConnectionDone()));
        assertThat(p.events).containsExactly("made", "data:abc", "lost:ConnectionDone");
        // As in Twisted, the base classes leave the flag set after connectionLost.
        assertThat(p.connected()).isTrue();
    }

    @Test
    void defaultCallbacksDoNothing() {
        Protocol p = new Protocol();
        FakeTransport t = new FakeTransport();
        p.makeConnection(t);
        p.dataReceived(new byte[] {1, 2, 3});
        p.connectionLost(Failure.of(new ConnectionDone()));
        assertThat(t.written.size()).isZero();
        assertThat(t.lost).isFalse();
        assertThat(p.factory()).isNull();
    }

    @Test
    void halfCloseableProtocolHasNoOpHalfCloseCallbacks() {
        HalfCloseableProtocol p = new HalfCloseableProtocol();
        FakeTransport t = new FakeTransport();
        p.makeConnection(t);
        assertThat(p).isInstanceOf(IHalfCloseableProtocol.class);
        p.readConnectionLost();
        p.writeConnectionLost();
        assertThat(t.lost).isFalse();
        assertThat(t.written.size()).isZero();
    }

    @Test
    void logPrefixIsTheClassName() {
        assertThat(new Recording().logPrefix()).isEqualTo("Recording");
        Protocol anonymous = new Protocol() {
        };
        assertThat(anonymous.logPrefix()).isEqualTo(anonymous.getClass().getName());
    }
}
