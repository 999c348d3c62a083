package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.protocols.wire.Echo;
import dev.twine.python.Failure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exceptions thrown by user code on the reactor thread: each costs the connection it came from (or nothing, for
 * timed and thread calls), is logged, and the reactor goes on serving everybody else.
 */
@Timeout(30)
class TcpUserErrorsTest extends TcpTestBase {
    /** Thrown on purpose by the protocols below. */
    static final class Planted extends RuntimeException {
        Planted(String where) {
            super("planted in " + where);
        }
    }

    enum Where { CONNECTION_MADE, DATA_RECEIVED, CONNECTION_LOST }

    /** A server protocol that throws at one point and otherwise echoes. */
    static final class Thrower extends Echo {
        final Where where;
        Failure lostWith;

        Thrower(Where where) {
            this.where = where;
        }

        @Override
        public void connectionMade() {
            if (where == Where.CONNECTION_MADE) {
                throw new Planted("connectionMade");
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            if (where == Where.DATA_RECEIVED) {
                throw new Planted("dataReceived");
            }
            super.dataReceived(data);
            if (where == Where.CONNECTION_LOST) {
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            lostWith = reason;
            if (where == Where.CONNECTION_LOST) {
                throw new Planted("connectionLost");
            }
        }
    }

    /** A client that sends a line, keeps what comes back and notes how it ended. */
    static final class LineClient extends Protocol {
        final StringBuilder got = new StringBuilder();
        Failure lost;

        @Override
        public void connectionMade() {
            transport.write("ping\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            got.append(new String(data, StandardCharsets.US_ASCII));
        }

        @Override
        public void connectionLost(Failure reason) {
            lost = reason;
        }

        void send(String line) {
            transport.write(line.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void aThrowingServerProtocolLosesOnlyItsConnection(Where where) {
        List<Thrower> throwers = new ArrayList<>();
        IListeningPort bad = listen(Factory.forProtocol(() -> {
            Thrower t = new Thrower(where);
            throwers.add(t);
            return t;
        }));
        IListeningPort good = listen(Factory.forProtocol(Echo::new));
        LineClient steady = new LineClient();
        reactor().connectTCP("127.0.0.1", portOf(good), ClientFactory.forProtocol(() -> steady));
        LineClient victim = new LineClient();
        reactor().connectTCP("127.0.0.1", portOf(bad), ClientFactory.forProtocol(() -> victim));

        runUntil(() -> victim.lost != null && steady.got.length() == 5);
        assertThat(throwers).hasSize(1);
        Failure serverSide = throwers.get(0).lostWith;
        assertThat(serverSide).as("the server protocol hears connectionLost").isNotNull();
        if (where != Where.CONNECTION_LOST) {
            assertThat(serverSide.value()).as("with what it threw as the reason").isInstanceOf(Planted.class);
        }
        assertThat(fixture.log().flushErrors(Planted.class)).as("logged once").isEqualTo(1);

        // The same port, and the other connection, serve on.
        steady.send("again\n");
        runUntil(() -> steady.got.toString().equals("ping\nagain\n"));
        LineClient next = new LineClient();
        reactor().connectTCP("127.0.0.1", portOf(good), ClientFactory.forProtocol(() -> next));
        runUntil(() -> next.got.length() == 5);
        assertThat(steady.lost).isNull();
    }

    @Test
    void theLogNamesAnAnonymousProtocolsClassAndItsPeer() {
        IListeningPort bad = listen(Factory.forProtocol(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                throw new Planted("anonymous dataReceived");
            }
        }));
        LineClient victim = new LineClient();
        reactor().connectTCP("127.0.0.1", portOf(bad), ClientFactory.forProtocol(() -> victim));
        runUntil(() -> victim.lost != null);
        List<java.util.logging.LogRecord> errors = fixture.log().errors(Planted.class);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getMessage())
                .contains(getClass().getSimpleName() + "$")
                .contains("127.0.0.1")
                .doesNotContain("Unhandled error in ;");
        fixture.log().flushErrors(Planted.class);
    }

    @Test
    void aThrowingClientProtocolLosesOnlyItsConnection() {
        IListeningPort echo = listen(Factory.forProtocol(Echo::new));
        LineClient steady = new LineClient();
        reactor().connectTCP("127.0.0.1", portOf(echo), ClientFactory.forProtocol(() -> steady));
        Failure[] lost = new Failure[1];
        reactor().connectTCP("127.0.0.1", portOf(echo), ClientFactory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                throw new Planted("client connectionMade");
            }

            @Override
            public void connectionLost(Failure reason) {
                lost[0] = reason;
            }
        }));
        runUntil(() -> lost[0] != null && steady.got.length() == 5);
        assertThat(lost[0].value()).isInstanceOf(Planted.class);
        assertThat(fixture.log().flushErrors(Planted.class)).isEqualTo(1);
        assertThat(steady.lost).isNull();
    }

    @Test
    void throwingTimedAndThreadCallsAreLoggedAndTheReactorServesOn() {
        IListeningPort echo = listen(Factory.forProtocol(Echo::new));
        reactor().callLater(0, () -> {
            throw new Planted("a timed call");
        });
        Thread other = new Thread(() -> reactor().callFromThread(() -> {
            throw new Planted("a call from a thread");
        }), "user-thread");
        other.start();
        boolean[] later = new boolean[1];
        reactor().callLater(0.01, () -> later[0] = true);
        LineClient client = new LineClient();
        reactor().connectTCP("127.0.0.1", portOf(echo), ClientFactory.forProtocol(() -> client));
        runUntil(() -> later[0] && client.got.length() == 5 && fixture.log().errors(Planted.class).size() == 2);
        assertThat(fixture.log().flushErrors(Planted.class)).isEqualTo(2);
        assertThat(client.lost).isNull();
    }
}
