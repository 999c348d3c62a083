package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.interfaces.IBufferProtocol;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A protocol reading in place: it sees exactly the bytes read, through a read-only view that it cannot keep. */
@Timeout(30)
class TcpBufferProtocolTest extends TcpTestBase {
    /** Echoes from the view; records whether every view it got was read-only. */
    static final class InPlaceEcho extends Protocol implements IBufferProtocol {
        final List<Boolean> readOnly = new ArrayList<>();

        @Override
        public void bufferReceived(ByteBuffer data) {
            readOnly.add(data.isReadOnly());
            transport.write(data);
        }

        @Override
        public void dataReceived(byte[] data) {
            IBufferProtocol.super.dataReceived(data);
        }
    }

    @Test
    void echoesFourMebibytesByteForByteFromTheView() {
        List<InPlaceEcho> servers = new ArrayList<>();
        IListeningPort port = listen(Factory.forProtocol(() -> {
            InPlaceEcho echo = new InPlaceEcho();
            servers.add(echo);
            return echo;
        }));
        byte[] payload = new byte[4 << 20];
        new Random(7).nextBytes(payload);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Protocol[] client = new Protocol[1];
        reactor().connectTCP("127.0.0.1", portOf(port), ClientFactory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                client[0] = this;
                transport.write(payload);
            }

            @Override
            public void dataReceived(byte[] data) {
                received.writeBytes(data);
            }
        }));
        runUntil(() -> received.size() >= payload.length, 20);
        assertThat(received.toByteArray()).isEqualTo(payload);
        assertThat(servers).singleElement().satisfies(s ->
                assertThat(s.readOnly).isNotEmpty().doesNotContain(false));
        client[0].transport().loseConnection();
        port.stopListening();
        runUntil(() -> reactor().getReaders().size() <= 1);
    }
}
