package dev.twine.internet.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twine.internet.interfaces.IAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 100,000 datagrams of random sizes echoed over loopback, none lost: the client keeps a window of datagrams in
 * flight small enough for the receive buffers (so the reader keeps up), and the bytes sent and echoed are compared
 * by count, total length and a CRC over the whole ordered stream. Run with recvmmsg batches and with
 * {@code recvfrom} one by one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpBulkTest extends UdpTestBase {
    private static final int TOTAL = 100_000;
    /** 32 datagrams of up to 2,000 bytes stay far below the default 208 KiB receive buffer with skb overheads. */
    private static final int WINDOW = 32;
    private static final int MAX_SIZE = 2000;

    @AfterEach
    void restoreBatching() {
        System.clearProperty("twine.udp.recvmmsg");
    }

    /** Sends the next datagram on each echo until {@link #TOTAL}; hashes what it sends and what returns. */
    static final class WindowedClient extends Recorder {
        final SplittableRandom random = new SplittableRandom(42);
        final CRC32 sentHash = new CRC32();
        final CRC32 echoHash = new CRC32();
        InetSocketAddress server;
        long sentBytes;
        long echoedBytes;
        int sent;
        int echoed;
        int misordered;

        void sendNext() {
            byte[] d = new byte[1 + random.nextInt(MAX_SIZE)];
            random.nextBytes(d);
            // The sequence number leads each datagram so order and loss both show.
            if (d.length >= 4) {
                d[0] = (byte) (sent >>> 24);
                d[1] = (byte) (sent >>> 16);
                d[2] = (byte) (sent >>> 8);
                d[3] = (byte) sent;
            }
            sentHash.update(d);
            sentBytes += d.length;
            sent++;
            transport.write(d, server);
        }

        @Override
        public void datagramReceived(byte[] datagram, IAddress addr) {
            if (datagram.length >= 4) {
                int seq = (datagram[0] & 0xff) << 24 | (datagram[1] & 0xff) << 16 | (datagram[2] & 0xff) << 8
                        | (datagram[3] & 0xff);
                if (seq != echoed) {
                    misordered++;
                }
            }
            echoHash.update(datagram);
            echoedBytes += datagram.length;
            echoed++;
            if (sent < TOTAL) {
                sendNext();
            }
        }
    }

    /** Counts and echoes, keeping nothing. */
    static final class CountingEcho extends Recorder {
        int count;

        @Override
        public void datagramReceived(byte[] datagram, IAddress addr) {
            count++;
            transport.write(datagram, socketAddress(addr));
        }
    }

    private void echo(String host) {
        CountingEcho echo = new CountingEcho();
        WindowedClient client = new WindowedClient();
        Port server = (Port) reactor().listenUDP(0, echo, host, 8192);
        reactor().listenUDP(0, client, host, 8192);
        client.server = local(server);
        for (int i = 0; i < WINDOW; i++) {
            client.sendNext();
        }
        runUntil(() -> client.echoed == TOTAL, 45);

        assertThat(client.sent).isEqualTo(TOTAL);
        assertThat(echo.count).isEqualTo(TOTAL);
        assertThat(client.echoedBytes).isEqualTo(client.sentBytes);
        assertThat(client.echoHash.getValue()).isEqualTo(client.sentHash.getValue());
        assertThat(client.misordered).isZero();
        assertThat(server.truncatedDatagrams()).isZero();
    }

    @Test
    void ipv4WithBatches() {
        echo("127.0.0.1");
    }

    @Test
    void ipv6WithBatches() {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        echo("::1");
    }

    @Test
    void ipv4OneByOne() {
        System.setProperty("twine.udp.recvmmsg", "false");
        echo("127.0.0.1");
    }
}
