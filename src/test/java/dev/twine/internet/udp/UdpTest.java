package dev.twine.internet.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.error.MessageLengthError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** listenUDP: datagrams both ways, connected mode, truncation, EMSGSIZE, closing, port checks. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpTest extends UdpTestBase {

    @Test
    void echoesBetweenTwoPorts() {
        Echo echo = new Echo();
        Recorder client = new Recorder();
        Port server = listen(echo);
        Port sender = listen(client);
        assertThat(echo.started).isEqualTo(1);

        sender.write("hello".getBytes(StandardCharsets.US_ASCII), local(server));
        runUntil(() -> client.data.size() == 1);

        assertThat(new String(echo.data.get(0), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(echo.from.get(0)).isEqualTo(new IPv4Address("UDP", "127.0.0.1", sender.realPort()));
        assertThat(new String(client.data.get(0), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(client.from.get(0)).isEqualTo(new IPv4Address("UDP", "127.0.0.1", server.realPort()));
    }

    /** Sent in windows the receive buffer holds, so loopback drops none; every datagram is checked. */
    @Test
    void thousandDatagramsArriveIntact() {
        Recorder receiver = new Recorder();
        Port server = listen(receiver);
        Port sender = listen(new Recorder());
        int total = 1000;
        int window = 32;
        for (int sent = 0; sent < total;) {
            int end = Math.min(total, sent + window);
            for (int i = sent; i < end; i++) {
                sender.write(datagram(i), local(server));
            }
            sent = end;
            int expected = end;
            runUntil(() -> receiver.data.size() == expected);
        }
        for (int i = 0; i < total; i++) {
            assertThat(receiver.data.get(i)).as("datagram %d", i).isEqualTo(datagram(i));
        }
    }

    private static byte[] datagram(int i) {
        byte[] d = new byte[1 + (i * 37) % 1400];
        for (int j = 0; j < d.length; j++) {
            d[j] = (byte) (i * 31 + j);
        }
        return d;
    }

    @Test
    void worksOverIpv6Loopback() {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        Echo echo = new Echo();
        Recorder client = new Recorder();
        Port server = (Port) reactor().listenUDP(0, echo, "::1", 8192);
        Port sender = (Port) reactor().listenUDP(0, client, "::1", 8192);
        assertThat(server.getHost()).isEqualTo(new IPv6Address("UDP", "::1", server.realPort()));

        sender.write(new byte[] {1, 2, 3}, local(server));
        runUntil(() -> client.data.size() == 1);

        assertThat(client.data.get(0)).containsExactly(1, 2, 3);
        assertThat(echo.from.get(0)).isEqualTo(new IPv6Address("UDP", "::1", sender.realPort()));
    }

    @Test
    void connectedModeWritesToThePeerAndReportsRefusal() {
        Recorder peer = new Recorder();
        Recorder client = new Recorder();
        Port server = listen(peer);
        Port port = listen(client);
        port.connect("127.0.0.1", server.realPort());

        port.write("one".getBytes(StandardCharsets.US_ASCII));
        runUntil(() -> peer.data.size() == 1);
        assertThatThrownBy(() -> port.connect("127.0.0.1", 1)).isInstanceOf(IllegalStateException.class);

        AtomicBoolean closed = new AtomicBoolean();
        server.stopListening().addCallback(ignored -> {
            closed.set(true);
            return null;
        });
        runUntil(closed::get);
        port.write("two".getBytes(StandardCharsets.US_ASCII));
        runUntil(() -> client.refused > 0);

        // The port is still open and usable after the refusal.
        assertThat(port.fileno()).isNotNegative();
        assertThat(port.getHost()).isInstanceOf(IPv4Address.class);
    }

    @Test
    void cutsDatagramsToMaxPacketSize() {
        Recorder small = new Recorder();
        Port server = (Port) reactor().listenUDP(0, small, "127.0.0.1", 100);
        Port sender = listen(new Recorder());
        byte[] big = datagram(500);
        assertThat(big.length).isGreaterThan(100);

        sender.write(big, local(server));
        sender.write(new byte[] {7}, local(server));
        runUntil(() -> small.data.size() == 2);

        assertThat(small.data.get(0)).isEqualTo(Arrays.copyOf(big, 100));
        assertThat(small.data.get(1)).containsExactly(7);
        assertThat(server.truncatedDatagrams()).isEqualTo(1);
    }

    @Test
    void oversizedDatagramRaisesAndThePortKeepsWorking() {
        Echo echo = new Echo();
        Recorder client = new Recorder();
        Port server = listen(echo);
        Port sender = listen(client);

        assertThatThrownBy(() -> sender.write(new byte[70_000], local(server)))
                .isInstanceOf(MessageLengthError.class)
                .hasMessageContaining("70000");

        sender.write(new byte[] {42}, local(server));
        runUntil(() -> client.data.size() == 1);
        assertThat(client.data.get(0)).containsExactly(42);
    }

    @Test
    void stopListeningClosesTheSocketAndStopsTheProtocol() {
        Recorder protocol = new Recorder();
        Port port = listen(protocol);
        int fd = port.fileno();
        assertThat(Syscalls.isOpen(fd)).isTrue();

        AtomicBoolean fired = new AtomicBoolean();
        port.stopListening().addCallback(ignored -> {
            fired.set(true);
            return null;
        });
        runUntil(fired::get);

        assertThat(port.fileno()).isEqualTo(-1);
        assertThat(Syscalls.isOpen(fd)).isFalse();
        assertThat(protocol.stopped).isEqualTo(1);
        assertThat(port.realPort()).isZero();
    }

    @Test
    void portZeroPicksAFreePort() {
        Port port = listen(new Recorder());
        assertThat(port.realPort()).isPositive();
        assertThat(port.getHost()).isEqualTo(new IPv4Address("UDP", "127.0.0.1", port.realPort()));
    }

    @Test
    void rejectsBadPorts() {
        assertThatThrownBy(() -> reactor().listenUDP(-1, new Recorder(), "127.0.0.1", 8192))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> reactor().listenUDP(65536, new Recorder(), "127.0.0.1", 8192))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
    }

    @Test
    void broadcastFlagRoundTrips() {
        Port port = listen(new Recorder());
        assertThat(port.getBroadcastAllowed()).isFalse();
        port.setBroadcastAllowed(true);
        assertThat(port.getBroadcastAllowed()).isTrue();
        port.setBroadcastAllowed(false);
        assertThat(port.getBroadcastAllowed()).isFalse();
    }

    /** One readiness event reads at most MAX_READS datagrams, so a flooded port cannot starve the others. */
    @Test
    void oneReadEventTakesAtMostMaxReads() {
        Recorder receiver = new Recorder();
        Port server = listen(receiver);
        Sockets.setsockopt(server.fileno(), Sockets.SOL_SOCKET,
                Sockets.SO_RCVBUF, 1 << 20);
        int total = Port.MAX_READS + 44;
        int raw = fixture.fds().track(Sockets.socket(Sockets.AF_INET,
                Sockets.SOCK_DGRAM))[0];
        for (int i = 0; i < total; i++) {
            byte[] d = {(byte) i, (byte) (i >>> 8)};
            assertThat(Sockets.sendto(raw, d, 0, 2, 0, local(server))).isEqualTo(2);
        }
        server.doRead();
        assertThat(receiver.data).hasSize(Port.MAX_READS);
        server.doRead();
        assertThat(receiver.data).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(receiver.data.get(i)).containsExactly((byte) i, (byte) (i >>> 8));
        }
    }

    /** The port reuses the last sender's address object for the same sender; different senders stay apart. */
    @Test
    void sendersAreToldApart() {
        Recorder receiver = new Recorder();
        Port server = listen(receiver);
        Port one = listen(new Recorder());
        Port two = listen(new Recorder());
        for (int i = 0; i < 6; i++) {
            (i % 3 == 2 ? two : one).write(new byte[] {(byte) i}, local(server));
            int expected = i + 1;
            runUntil(() -> receiver.data.size() == expected);
        }
        IPv4Address a = new IPv4Address("UDP", "127.0.0.1", one.realPort());
        IPv4Address b = new IPv4Address("UDP", "127.0.0.1", two.realPort());
        assertThat(receiver.from).containsExactly(a, a, b, a, a, b);
    }
}
