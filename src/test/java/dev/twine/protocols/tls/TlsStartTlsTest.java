package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IHandshakeListener;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.ISSLTransport;
import dev.twine.internet.interfaces.ITLSTransport;
import dev.twine.internet.interfaces.ITransport;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * STARTTLS in the middle of a plaintext line protocol, as SMTP does it: lines in the clear, "STARTTLS" answered by
 * "OK" (sent in the clear, before the switch), both sides switch, and the lines go on, encrypted, through the same
 * transport object the protocol held all along.
 */
@Timeout(60)
class TlsStartTlsTest extends TlsTestBase {

    /** Splits what arrives into CRLF lines and hands each to {@link #onLine}. */
    static final class LinePeer extends Protocol implements IHandshakeListener {
        ITransport transport;
        final StringBuilder buffer = new StringBuilder();
        final List<String> lines = new ArrayList<>();
        BiConsumer<LinePeer, String> onLine = (p, l) -> { };
        ISSLTransport tls;
        boolean handshakeDone;
        Failure lost;

        @Override
        public void makeConnection(ITransport t) {
            transport = t;
            connectionMade();
        }

        @Override
        public void dataReceived(byte[] data) {
            buffer.append(new String(data, StandardCharsets.US_ASCII));
            int end;
            while ((end = buffer.indexOf("\r\n")) >= 0) {
                String line = buffer.substring(0, end);
                buffer.delete(0, end + 2);
                lines.add(line);
                onLine.accept(this, line);
            }
        }

        void sendLine(String line) {
            transport.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void handshakeCompleted() {
            handshakeDone = true;
        }

        @Override
        public void connectionLost(Failure reason) {
            lost = reason;
        }
    }

    @Test
    void linesGoOnEncryptedAfterStartTls() {
        LinePeer[] server = {null};
        IListeningPort port = reactor().listenTCP(0, Factory.forProtocol(() -> {
            LinePeer p = new LinePeer();
            p.onLine = (s, line) -> {
                switch (line) {
                    case "STARTTLS" -> {
                        s.sendLine("OK");
                        s.tls = ((ITLSTransport) s.transport).startTLS(serverContext(b -> b));
                    }
                    case "QUIT" -> s.transport.loseConnection();
                    default -> s.sendLine((s.tls == null ? "plain " : "secret ") + line);
                }
            };
            return server[0] = p;
        }), 50, "127.0.0.1");
        ports.add(port);
        int portNumber = ((dev.twine.internet.address.IPv4Address) port.getHost()).port();

        LinePeer client = new LinePeer();
        client.onLine = (c, line) -> {
            switch (line) {
                case "plain hello" -> c.sendLine("STARTTLS");
                case "OK" -> {
                    c.tls = ((ITLSTransport) c.transport).startTLS(trustingTestCa().hostName("localhost").build());
                    c.sendLine("again"); // kept until the handshake is done
                }
                case "secret again" -> c.sendLine("QUIT");
                default -> { }
            }
        };
        reactor().connectTCP("127.0.0.1", portNumber, ClientFactory.forProtocol(() -> client), 10, null);
        runUntil(() -> client.transport != null);
        client.sendLine("hello");
        runUntil(() -> client.lost != null && server[0] != null && server[0].lost != null);

        assertThat(client.lines).containsExactly("plain hello", "OK", "secret again");
        assertThat(server[0].lines).containsExactly("hello", "STARTTLS", "again", "QUIT");
        assertThat(client.handshakeDone).isTrue();
        assertThat(server[0].handshakeDone).isTrue();
        assertThat(client.tls.getProtocolVersion()).isEqualTo("TLSv1.3");
        assertThat(client.tls.getPeerCertificate()).isNotNull();
        assertThat(client.lost.value()).isInstanceOf(ConnectionDone.class);
        assertThat(server[0].lost.value()).isInstanceOf(ConnectionDone.class);
    }

    @Test
    void startTlsTwiceIsRefused() {
        LinePeer[] server = {null};
        IListeningPort port = reactor().listenTCP(0, Factory.forProtocol(() -> server[0] = new LinePeer()), 50,
                "127.0.0.1");
        ports.add(port);
        LinePeer client = new LinePeer();
        reactor().connectTCP("127.0.0.1", ((dev.twine.internet.address.IPv4Address) port.getHost()).port(),
                ClientFactory.forProtocol(() -> client), 10, null);
        runUntil(() -> client.transport != null && server[0] != null);
        ITLSTransport transport = (ITLSTransport) client.transport;
        transport.startTLS(trustingTestCa().hostName("localhost").build());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> transport.startTLS(trustingTestCa().build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TLS was started already");
        ((ITLSTransport) client.transport).abortConnection();
        runUntil(() -> client.lost != null && server[0].lost != null);
    }

    /** A peer that asks for STARTTLS and then never starts its handshake is aborted at the server's timeout. */
    @Test
    void aPeerThatNeverStartsItsHandshakeAfterStartTlsTimesOut() {
        LinePeer[] server = {null};
        IListeningPort port = reactor().listenTCP(0, Factory.forProtocol(() -> {
            LinePeer p = new LinePeer();
            p.onLine = (s, line) -> {
                s.sendLine("OK");
                s.tls = ((ITLSTransport) s.transport).startTLS(
                        serverContext(b -> b.handshakeTimeout(java.time.Duration.ofMillis(300))));
            };
            return server[0] = p;
        }), 50, "127.0.0.1");
        ports.add(port);
        RawPeer raw = new RawPeer(fixture.fds(), ((dev.twine.internet.address.IPv4Address) port.getHost()).port());
        try {
            raw.send("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            runUntil(raw::pump, 5);
            assertThat(new String(raw.take(), StandardCharsets.US_ASCII)).isEqualTo("OK\r\n");
        } finally {
            raw.close();
        }
        runUntil(() -> server[0].lost != null);
        assertThat(server[0].lost.value()).isInstanceOf(dev.twine.internet.error.TLSError.class)
                .hasMessageContaining("timed out after 300 ms");
        settle();
        assertThat(reactor().getDelayedCalls()).isEmpty();
    }
}
