package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ReactorWrongThread;
import dev.twine.internet.error.UnsupportedAddressFamily;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.protocols.wire.Echo;
import dev.twine.python.Failure;
import java.net.StandardProtocolFamily;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input to the reactor and TCP API: each is refused with a specific exception whose message names the bad
 * value, and leaves nothing registered or open behind (the fixture checks descriptors and the reactor's sets).
 */
@Timeout(30)
class TcpBadInputTest extends TcpTestBase {
    private final Factory echo = Factory.forProtocol(Echo::new);

    @Test
    void portsOutsideTheRange() {
        for (int port : new int[] {-1, 65536, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> reactor().listenTCP(port, echo, 50, "127.0.0.1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(port));
            assertThatThrownBy(() -> reactor().connectTCP("127.0.0.1", port, ClientFactory.forProtocol(Protocol::new)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(port));
        }
        assertNothingRegistered();
    }

    @Test
    void interfacesThatAreNotAddresses() {
        assertThatThrownBy(() -> reactor().listenTCP(0, echo, 50, "not an address"))
                .isInstanceOf(CannotListenError.class).hasMessageContaining("not an address");
        assertThat(echo.numPorts()).isZero();
        assertNothingRegistered();
    }

    @Test
    void nulls() {
        assertThatThrownBy(() -> reactor().listenTCP(0, null, 50, "127.0.0.1"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("factory");
        assertThatThrownBy(() -> reactor().connectTCP(null, 1, ClientFactory.forProtocol(Protocol::new)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> reactor().callLater(1, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("callable");
        assertThatThrownBy(() -> reactor().addReader(null)).isInstanceOf(NullPointerException.class);
        assertNothingRegistered();
    }

    @Test
    void negativeAndNonFiniteDelays() {
        for (double delay : new double[] {-1, Double.NaN, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> reactor().callLater(delay, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(delay));
        }
        assertThat(reactor().getDelayedCalls()).isEmpty();
    }

    @Test
    void negativeClosedAndWrongKindsOfDescriptors() {
        assertThatThrownBy(() -> reactor().adoptStreamPort(-1, StandardProtocolFamily.INET, echo))
                .hasMessageContaining("-1");
        int[] pipe = fixture.fds().pipe();
        assertThatThrownBy(() -> reactor().adoptStreamConnection(pipe[0], StandardProtocolFamily.INET, echo))
                .hasMessageContaining(String.valueOf(pipe[0]));
        int closed = Syscalls.pipe(0)[0];
        Syscalls.close(closed + 1);
        Syscalls.close(closed);
        assertThatThrownBy(() -> reactor().adoptStreamPort(closed, StandardProtocolFamily.INET, echo))
                .hasMessageContaining(String.valueOf(closed)).hasMessageContaining("EBADF");
        IReadDescriptor gone = new TestReader(closed);
        assertThatThrownBy(() -> reactor().addReader(gone)).hasMessageContaining(String.valueOf(closed))
                .hasMessageContaining("EBADF");
        int s = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        assertThatThrownBy(() -> reactor().adoptStreamPort(s, StandardProtocolFamily.INET6, echo))
                .isInstanceOf(UnsupportedAddressFamily.class).hasMessageContaining(String.valueOf(s));
        assertThatThrownBy(() -> reactor().adoptStreamPort(s, StandardProtocolFamily.UNIX, echo))
                .isInstanceOf(UnsupportedAddressFamily.class).hasMessageContaining("UNIX");
        assertThat(Syscalls.isOpen(s)).as("a refused adoption leaves the caller's descriptor alone").isTrue();

        IReadDescriptor negative = new TestReader(-1);
        assertThatThrownBy(() -> reactor().addReader(negative)).hasMessageContaining("-1");
        assertNothingRegistered();
    }

    @Test
    void reactorThreadOnlyCallsFromAnotherThread() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                reactor().listenTCP(0, echo, 50, "127.0.0.1");
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
            reactor().callFromThread(reactor()::stop);
        }, "not-the-reactor");
        reactor().callWhenRunning(t::start);
        reactor().run(false);
        t.join(10_000);
        assertThat(thrown.get(0, TimeUnit.SECONDS)).isInstanceOf(ReactorWrongThread.class)
                .hasMessageContaining("listenTCP").hasMessageContaining("not-the-reactor");
        assertThat(echo.numPorts()).isZero();
    }

    @Test
    void writesAfterLoseConnectionAreSentAndAfterTheCloseDroppedQuietly() {
        StringBuilder serverGot = new StringBuilder();
        boolean[] serverLost = new boolean[1];
        IListeningPort port = listen(Factory.forProtocol(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                serverGot.append(new String(data));
            }

            @Override
            public void connectionLost(Failure reason) {
                serverLost[0] = true;
            }
        }));
        Failure[] lost = new Failure[1];
        reactor().connectTCP("127.0.0.1", portOf(port), ClientFactory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                transport.write("before".getBytes());
                transport.loseConnection();
                // Twisted's rule: written before the close happened, so still sent.
                transport.write("-after".getBytes());
            }

            @Override
            public void connectionLost(Failure reason) {
                lost[0] = reason;
                transport.write("too late".getBytes());
            }
        }));
        runUntil(() -> lost[0] != null && serverLost[0]);
        assertThat(serverGot.toString()).isEqualTo("before-after");
        assertThat(reactor().getWriters()).isEmpty();
    }

    private void assertNothingRegistered() {
        assertThat(reactor().getReaders()).allMatch(r -> r instanceof dev.twine.internet.base.Waker);
        assertThat(reactor().getWriters()).isEmpty();
    }

    /** A reader over a descriptor number it does not own. */
    private record TestReader(int fileno) implements IReadDescriptor {
        @Override
        public Throwable doRead() {
            return null;
        }

        @Override
        public void connectionLost(Failure reason) {
        }

        @Override
        public String logPrefix() {
            return "TestReader";
        }
    }
}
