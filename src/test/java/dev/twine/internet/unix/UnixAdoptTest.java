package dev.twine.internet.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.error.UnsupportedAddressFamily;
import dev.twine.internet.error.UnsupportedSocketType;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.protocols.wire.Echo;
import dev.twine.python.Failure;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code adoptStreamPort} and {@code adoptStreamConnection} with {@code StandardProtocolFamily.UNIX}, over sockets
 * made through the syscall layer: the reactor works on its own duplicate, the caller keeps its descriptor (and its
 * socket file).
 */
@Timeout(30)
class UnixAdoptTest extends UnixTestBase {
    /** Sends a line, keeps what comes back. */
    static final class LineClient extends Protocol {
        final StringBuilder got = new StringBuilder();
        boolean lost;

        @Override
        public void connectionMade() {
            transport.write("adopted\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            got.append(new String(data, StandardCharsets.US_ASCII));
        }

        @Override
        public void connectionLost(Failure reason) {
            lost = true;
        }
    }

    @Test
    void anAdoptedListeningSocketServesAndItsFileStaysWithItsCreator() {
        String path = path("adopted.sock");
        int s = fixture.fds().track(Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM))[0];
        UnixSockets.bind(s, path);
        Sockets.listen(s, 5);

        IListeningPort port = reactor().adoptStreamPort(s, StandardProtocolFamily.UNIX, Factory.forProtocol(Echo::new));
        assertThat(port.getHost()).isEqualTo(new UNIXAddress(path));
        LineClient client = new LineClient();
        reactor().connectUNIX(path, ClientFactory.forProtocol(() -> client));
        runUntil(() -> client.got.toString().equals("adopted\n"));

        boolean[] stopped = new boolean[1];
        port.stopListening().addCallback(v -> {
            stopped[0] = true;
            return v;
        });
        runUntil(() -> stopped[0]);
        assertThat(client.lost).as("stopping a port leaves its connections alone").isFalse();
        assertThat(Syscalls.isOpen(s)).as("the caller's descriptor").isTrue();
        assertThat(Files.exists(Path.of(path))).as("the socket file is its creator's").isTrue();
    }

    @Test
    void anAdoptedConnectionRunsAProtocol() {
        int[] pair = fixture.fds().socketpair();
        StringBuilder got = new StringBuilder();
        reactor().adoptStreamConnection(pair[0], StandardProtocolFamily.UNIX, Factory.forProtocol(Echo::new));
        byte[] hello = "over a pair".getBytes(StandardCharsets.US_ASCII);
        Syscalls.write(pair[1], hello, 0, hello.length);
        byte[] buf = new byte[64];
        runUntil(() -> {
            int n = Syscalls.read(pair[1], buf, 0, buf.length);
            if (n > 0) {
                got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            return got.toString().equals("over a pair");
        });
        assertThat(Syscalls.isOpen(pair[0])).as("the caller's end stays open").isTrue();
    }

    @Test
    void otherFamiliesAndTypesAreRefused() {
        int inet = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        int dgram = fixture.fds().track(Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_DGRAM))[0];
        int[] pipe = fixture.fds().pipe();
        Factory echo = Factory.forProtocol(Echo::new);
        assertThatThrownBy(() -> reactor().adoptStreamPort(inet, StandardProtocolFamily.UNIX, echo))
                .isInstanceOf(UnsupportedAddressFamily.class).hasMessageContaining(String.valueOf(inet));
        assertThatThrownBy(() -> reactor().adoptStreamConnection(dgram, StandardProtocolFamily.UNIX, echo))
                .isInstanceOf(UnsupportedSocketType.class).hasMessageContaining("SOCK_STREAM");
        assertThatThrownBy(() -> reactor().adoptStreamPort(pipe[0], StandardProtocolFamily.UNIX, echo))
                .isInstanceOf(UnsupportedSocketType.class).hasMessageContaining("not a socket");
        assertThat(reactor().getReaders()).allMatch(r -> r instanceof dev.twine.internet.base.Waker);
    }
}
