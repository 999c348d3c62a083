package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.error.ConnectionAborted;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.interfaces.IListeningPort;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ways a TCP connection ends: orderly, half-closed, aborted, or by the peer going away. */
@Timeout(60)
class TcpCloseTest extends TcpTestBase {

    private RecordingProtocol[] connect(RecordingFactory server, RecordingProtocol clientProtocol) {
        IListeningPort port = listen(server);
        RecordingFactory client = new RecordingFactory();
        client.builder = a -> clientProtocol;
        reactor().connectTCP("127.0.0.1", portOf(port), client);
        runUntil(() -> clientProtocol.made == 1 && !server.built.isEmpty()
                && ((RecordingProtocol) server.built.get(0)).made == 1);
        return new RecordingProtocol[] {clientProtocol, server.protocol(0)};
    }

    @Test
    void halfCloseLetsTheServerReplyAfterTheClientFinishedSending() {
        RecordingFactory server = new RecordingFactory();
        server.builder = a -> {
            HalfCloseProtocol p = new HalfCloseProtocol();
            p.onReadLost = () -> {
                p.write("reply to " + p.text());
                p.transport.loseConnection();
            };
            return p;
        };
        HalfCloseProtocol client = new HalfCloseProtocol();
        client.onMade = p -> {
            p.write("request");
            p.transport.loseWriteConnection();
        };
        client.onReadLost = () -> client.transport.loseConnection();
        RecordingProtocol[] pair = connect(server, client);
        HalfCloseProtocol accepted = (HalfCloseProtocol) pair[1];
        runUntil(() -> client.isLost() && accepted.isLost());

        assertThat(accepted.readLost).isOne();
        assertThat(accepted.text()).isEqualTo("request");
        assertThat(client.writeLost).isOne();
        assertThat(client.text()).isEqualTo("reply to request");
        assertThat(client.events).containsExactly("connectionMade", "writeConnectionLost", "readConnectionLost",
                "connectionLost");
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
        assertThat(accepted.reason()).isInstanceOf(ConnectionDone.class);
        // writes after the write side closed are dropped, without complaint
        client.transport.write("too late".getBytes());
    }

    @Test
    void endOfInputClosesAProtocolThatIsNotHalfCloseable() {
        RecordingFactory server = new RecordingFactory();
        HalfCloseProtocol client = new HalfCloseProtocol();
        client.onMade = p -> p.transport.loseWriteConnection();
        RecordingProtocol accepted = connect(server, client)[1];
        runUntil(accepted::isLost);
        assertThat(accepted.reason()).isInstanceOf(ConnectionDone.class);
        runUntil(() -> client.readLost == 1);
        client.transport.loseConnection();
        assertThat(client.isLost()).as("loseConnection after both sides ended closes at once").isTrue();
    }

    @Test
    void abortDropsALargeBufferAndClosesAtOnce() {
        RecordingFactory server = new RecordingFactory();
        RecordingProtocol client = new RecordingProtocol();
        client.keep = false;
        RecordingProtocol accepted = connect(server, client)[1];
        client.transport.pauseProducing();
        accepted.transport.write(new byte[32 << 20]);
        reactor().iterate(0);
        FileDescriptor transport = (FileDescriptor) accepted.transport;
        assertThat(transport.queuedBytes()).as("the peer is not reading").isGreaterThan(16 << 20);

        accepted.transport.abortConnection();
        assertThat(transport.queuedBytes()).isZero();
        assertThat(accepted.isLost()).as("not from inside the caller's own call").isFalse();
        reactor().iterate(0);
        assertThat(accepted.reason()).isInstanceOf(ConnectionAborted.class);

        client.transport.resumeProducing();
        runUntil(client::isLost);
        assertThat(client.reason()).as("reset by the peer").isInstanceOf(ConnectionLost.class);
        assertThat(client.receivedBytes).isLessThan(32 << 20);
        accepted.transport.abortConnection();
        accepted.transport.write(new byte[1]);
    }

    @Test
    void loseConnectionDeliversEverythingFirst() {
        byte[] payload = new byte[32 << 20];
        new java.util.SplittableRandom(3).nextBytes(payload);
        RecordingFactory server = new RecordingFactory();
        server.builder = a -> {
            RecordingProtocol p = new RecordingProtocol();
            p.onMade = q -> {
                q.transport.write(payload);
                q.transport.loseConnection();
                // written after loseConnection and before the close: still sent, as in Twisted
                q.write("tail");
            };
            return p;
        };
        RecordingProtocol client = new RecordingProtocol();
        RecordingProtocol accepted = connect(server, client)[1];
        runUntil(() -> client.isLost() && accepted.isLost());
        assertThat(client.receivedBytes).isEqualTo(payload.length + 4);
        byte[] got = client.received.toByteArray();
        assertThat(Arrays.equals(got, 0, payload.length, payload, 0, payload.length)).isTrue();
        assertThat(new String(got, payload.length, 4)).isEqualTo("tail");
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
        assertThat(accepted.reason()).isInstanceOf(ConnectionDone.class);
        accepted.write("after the end");
    }

    /** No SIGPIPE reaches the JVM: writing to a peer that reset the connection is a ConnectionLost. */
    @Test
    void writingToAGonePeerLosesTheConnection() {
        RecordingFactory server = new RecordingFactory();
        RecordingProtocol client = new RecordingProtocol();
        RecordingProtocol accepted = connect(server, client)[1];
        accepted.transport.abortConnection();
        runUntil(accepted::isLost);
        client.transport.pauseProducing();
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < 100 && !client.isLost(); i++) {
            client.transport.write(block);
            reactor().iterate(0);
        }
        assertThat(client.reason()).isInstanceOf(ConnectionLost.class);
    }

    /**
     * A peer that resets the connection (SO_LINGER 0) while 32 MiB are still queued for it: the writer hears
     * ConnectionLost, its queue is dropped, and nothing escapes the reactor.
     */
    @Test
    void aResetInTheMiddleOfALargeWriteIsConnectionLost() {
        RecordingFactory server = new RecordingFactory();
        RecordingProtocol client = new RecordingProtocol();
        client.keep = false;
        RecordingProtocol accepted = connect(server, client)[1];
        byte[] block = new byte[1024 * 1024];
        for (int i = 0; i < 32; i++) {
            accepted.transport.write(block);
        }
        client.onData = d -> {
            if (client.receivedBytes > 256 * 1024) {
                client.transport.abortConnection();
            }
        };
        runUntil(accepted::isLost);
        assertThat(accepted.reason()).isInstanceOf(ConnectionLost.class);
        assertThat(client.receivedBytes).isLessThan(32L * block.length);
        assertThat(((Server) accepted.transport).queuedBytes()).isZero();
        runUntil(client::isLost);
    }

    @Test
    void closingThePeerEndsTheConnectionWithConnectionDone() {
        RecordingFactory server = new RecordingFactory();
        server.builder = a -> {
            RecordingProtocol p = new RecordingProtocol();
            p.onMade = q -> q.transport.loseConnection();
            return p;
        };
        RecordingProtocol client = new RecordingProtocol();
        IListeningPort port = listen(server);
        RecordingFactory factory = new RecordingFactory();
        factory.builder = a -> client;
        reactor().connectTCP("127.0.0.1", portOf(port), factory);
        runUntil(client::isLost);
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
        assertThat(client.transport.getPeer()).isNotNull();
    }

    @Test
    void tcpOptions() {
        RecordingFactory server = new RecordingFactory();
        RecordingProtocol client = new RecordingProtocol();
        connect(server, client);
        client.transport.setTcpNoDelay(true);
        assertThat(client.transport.getTcpNoDelay()).isTrue();
        client.transport.setTcpNoDelay(false);
        assertThat(client.transport.getTcpNoDelay()).isFalse();
        client.transport.setTcpKeepAlive(true);
        assertThat(client.transport.getTcpKeepAlive()).isTrue();
        client.transport.setTcpKeepAlive(false);
        assertThat(client.transport.getTcpKeepAlive()).isFalse();
    }

    @Test
    void stopProducingOnTheTransportClosesIt() {
        RecordingFactory server = new RecordingFactory();
        RecordingProtocol client = new RecordingProtocol();
        RecordingProtocol accepted = connect(server, client)[1];
        client.transport.stopProducing();
        runUntil(() -> client.isLost() && accepted.isLost());
        assertThat(client.reason()).isInstanceOf(ConnectionDone.class);
    }
}
