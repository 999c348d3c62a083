package dev.twine.internet.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.testing.Reactors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The write queue under a real EAGAIN. UDP over loopback never returns EAGAIN (the loopback device releases a
 * datagram's send-buffer charge as it passes it on), so the port here runs on one end of an AF_UNIX datagram
 * {@code socketpair} with a small send buffer, whose sends really fail with EAGAIN while the other end does not
 * read. Then the other end reads: every queued datagram must arrive, in order and intact, sent when the socket
 * turns writable (EPOLLOUT), with {@code sendmmsg} batches and with one {@code sendto} each.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpSendQueueTest extends UdpTestBase {
    private static final int TOTAL = 2000;

    @AfterEach
    void restoreBatching() {
        System.clearProperty("twine.udp.sendmmsg");
    }

    private static byte[] datagram(int i) {
        byte[] d = new byte[200 + i % 700];
        Arrays.fill(d, (byte) i);
        d[0] = (byte) (i >>> 8);
        d[1] = (byte) i;
        return d;
    }

    private void queuedDatagramsAllArriveInOrder() {
        int type = LibC.SOCK_DGRAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();
        int[] pair = fixture.fds().track(Syscalls.socketpair(LibC.AF_UNIX(), type, 0));
        int reader = pair[1];
        Sockets.setsockopt(pair[0], Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, 4096);
        Recorder protocol = new Recorder();
        Port port = Port.adopt(reactor(), Sockets.dup(pair[0]), Sockets.AF_UNIX, protocol, 8192);
        port.assumeConnected();
        port.startListening();

        for (int i = 0; i < TOTAL; i++) {
            port.write(datagram(i));
        }
        int queued = port.queuedDatagrams();
        assertThat(queued).as("datagrams the kernel refused with EAGAIN, queued").isGreaterThan(TOTAL / 2);

        // The queue survives passes of the reactor while the peer does not read: nothing is dropped.
        Reactors.settle(reactor());
        assertThat(port.queuedDatagrams()).isEqualTo(queued);

        List<byte[]> received = new ArrayList<>();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (received.size() < TOTAL) {
            assertThat(System.nanoTime()).as("all datagrams read in time").isLessThan(deadline);
            int n = Syscalls.read(reader, buffer, 0, buffer.length);
            if (n == Syscalls.WOULD_BLOCK) {
                reactor().iterate(0.01);
            } else {
                received.add(Arrays.copyOf(buffer, n));
            }
        }
        for (int i = 0; i < TOTAL; i++) {
            assertThat(received.get(i)).as("datagram %d", i).isEqualTo(datagram(i));
        }
        assertThat(port.queuedDatagrams()).isZero();
        assertThat(Syscalls.read(reader, buffer, 0, buffer.length)).isEqualTo(Syscalls.WOULD_BLOCK);
    }

    @Test
    void flushesWithSendmmsg() {
        queuedDatagramsAllArriveInOrder();
    }

    @Test
    void flushesOneByOne() {
        System.setProperty("twine.udp.sendmmsg", "false");
        queuedDatagramsAllArriveInOrder();
    }

    @Test
    void theQueueIsBoundedAndHoldsCopies() {
        int type = LibC.SOCK_DGRAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();
        int[] pair = fixture.fds().track(Syscalls.socketpair(LibC.AF_UNIX(), type, 0));
        Sockets.setsockopt(pair[0], Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, 4096);
        Port port = Port.adopt(reactor(), Sockets.dup(pair[0]), Sockets.AF_UNIX, new Recorder(), 8192);
        port.assumeConnected();
        port.startListening();

        // A peer that never reads, and a protocol that writes on: 16 MiB offered, the queue keeps at most 4 MiB.
        byte[] reused = new byte[1024];
        int offered = 16 * 1024;
        for (int i = 0; i < offered; i++) {
            Arrays.fill(reused, (byte) i);
            port.write(reused);
        }
        assertThat(port.queuedDatagrams()).isLessThanOrEqualTo(Port.MAX_QUEUED_DATAGRAMS);
        assertThat((long) port.queuedDatagrams() * reused.length).isLessThanOrEqualTo(Port.MAX_QUEUED_BYTES);
        assertThat(port.droppedDatagrams()).isPositive();
        assertThat(fixture.log().records().stream().filter(r -> r.getMessage().contains("write queue full")))
                .as("one warning for the spell, not one per dropped datagram").hasSize(1);

        // What was queued is what was written then, although the caller reused its array.
        byte[] buffer = new byte[8192];
        int reader = pair[1];
        int expected = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long sent = offered - port.droppedDatagrams();
        while (expected < sent) {
            assertThat(System.nanoTime()).as("drained in time").isLessThan(deadline);
            int n = Syscalls.read(reader, buffer, 0, buffer.length);
            if (n == Syscalls.WOULD_BLOCK) {
                reactor().iterate(0.01);
                continue;
            }
            assertThat(n).isEqualTo(reused.length);
            // Datagrams are dropped only at the tail: those that arrive are the first ones, in order.
            assertThat(buffer[0]).as("datagram %d", expected).isEqualTo((byte) expected);
            assertThat(buffer[n - 1]).isEqualTo((byte) expected);
            expected++;
        }
        assertThat(port.queuedDatagrams()).isZero();
        assertThat(Syscalls.read(reader, buffer, 0, buffer.length)).isEqualTo(Syscalls.WOULD_BLOCK);
    }
}
