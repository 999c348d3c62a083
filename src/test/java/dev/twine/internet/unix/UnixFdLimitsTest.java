package dev.twine.internet.unix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IFileDescriptorReceiver;
import dev.twine.internet.protocol.Factory;
import dev.twine.testing.DescriptorTable;
import dev.twine.testing.ResourceSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile peer's descriptor-passing messages, sent from a raw UNIX socket: many descriptors in one message (up to
 * the kernel's SCM_MAX_FD, 253), a message the process has no room for (MSG_CTRUNC, made for real by lowering
 * RLIMIT_NOFILE), and a flood of messages to a protocol that takes none. Nothing of ours leaks (the fixture checks),
 * and the log holds at most one line per interval however many messages come.
 */
@Timeout(60)
class UnixFdLimitsTest extends UnixTestBase {
    private static final long LOG_INTERVAL_NANOS = LogLimiter.INTERVAL_NANOS;

    /** Takes descriptors and closes each at once, counting them. */
    final class ClosingReceiver extends Peer implements IFileDescriptorReceiver {
        final List<Integer> fds = new ArrayList<>();

        @Override
        public void fileDescriptorReceived(int fd) {
            fds.add(fd);
            Syscalls.close(fd);
        }
    }

    private final List<Peer> servers = new ArrayList<>();

    /** A raw client socket connected to a fresh listener whose protocol {@code make} builds; its fd. */
    private int rawClient(java.util.function.Supplier<Peer> make) {
        String path = path("limits.sock");
        reactor().listenUNIX(path, Factory.forProtocol(a -> {
            Peer p = make.get();
            servers.add(p);
            return p;
        }));
        int s = Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        fixture.fds().track(s);
        UnixSockets.connect(s, path);
        runUntil(() -> !servers.isEmpty() && servers.get(0).made);
        return s;
    }

    /** {@code count} descriptors for one pipe's read end (dups: one open file, many numbers). */
    private int[] copies(int count) {
        int[] pipe = fixture.fds().pipe();
        int[] fds = new int[count];
        for (int i = 0; i < count; i++) {
            fds[i] = fixture.fds().track(Sockets.dup(pipe[0]))[0];
        }
        return fds;
    }

    /** Sends {@code data} with {@code fds} in one message, letting the reactor drain while the kernel is full. */
    private void send(int s, String data, int[] fds) {
        byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            long n;
            try {
                n = UnixSockets.sendmsg(s, bytes, fds, Sockets.MSG_NOSIGNAL);
            } catch (ErrnoException e) {
                // Too many descriptors in flight for this user: the receiver has to take some first.
                assertThat(e.errno()).as(e.getMessage()).isEqualTo(LibC.ETOOMANYREFS());
                n = Syscalls.WOULD_BLOCK;
            }
            if (n != Syscalls.WOULD_BLOCK) {
                assertThat(n).isEqualTo(bytes.length);
                return;
            }
            assertThat(System.nanoTime()).as("sent within 20 s").isLessThan(deadline);
            reactor().iterate(0.001);
        }
    }

    /** How many of our descriptors refer to the pipe of {@code fd} (both its ends show the same inode). */
    private static long openCopies(int fd) {
        String target = ResourceSnapshot.openFds().stream().filter(e -> e.startsWith(fd + " -> ")).findFirst()
                .orElseThrow().substring((fd + " -> ").length());
        return ResourceSnapshot.openFds().stream().filter(e -> e.endsWith(" -> " + target)).count();
    }

    private List<LogRecord> lines(String containing) {
        return fixture.log().records().stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains(containing)).toList();
    }

    @Test
    void fortyDescriptorsInOneMessageAllArrive() {
        ClosingReceiver[] server = new ClosingReceiver[1];
        int s = rawClient(() -> server[0] = new ClosingReceiver());
        int[] fds = copies(40);
        send(s, "m", fds);
        runUntil(() -> server[0].received.size() == 1);
        assertThat(server[0].fds).as("every descriptor of the message reached the protocol").hasSize(40);
        assertThat(server[0].lost).isNull();
        assertThat(openCopies(fds[0])).as("the 40 copies and the pipe's two ends; nothing of ours left").isEqualTo(42);
    }

    @Test
    void theKernelsMaximumOf253AllArrive() {
        ClosingReceiver[] server = new ClosingReceiver[1];
        int s = rawClient(() -> server[0] = new ClosingReceiver());
        int[] fds = copies(UnixSockets.SCM_MAX_FD);
        send(s, "m", fds);
        runUntil(() -> server[0].received.size() == 1);
        assertThat(server[0].fds).hasSize(UnixSockets.SCM_MAX_FD);
        assertThat(openCopies(fds[0])).isEqualTo(UnixSockets.SCM_MAX_FD + 2);
    }

    /**
     * With no room in the descriptor table the kernel installs what fits and sets MSG_CTRUNC: the protocol gets
     * none of them and none of the message's data, everything that arrived is closed, and the connection ends
     * saying why (the bytes left would otherwise be read without the descriptors sent with them).
     */
    @Test
    void aMessageTheProcessHasNoRoomForEndsTheConnectionAndLeaksNothing() {
        ClosingReceiver[] server = new ClosingReceiver[1];
        int s = rawClient(() -> server[0] = new ClosingReceiver());
        int[] fds = copies(40);
        send(s, "first", new int[] {fds[0]});
        runUntil(() -> server[0].received.size() == 5);
        long before = openCopies(fds[0]);
        long[] limit = Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE);
        send(s, "truncated", fds);
        Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, DescriptorTable.lowestFree() + 5, limit[1]);
        try {
            runUntil(() -> server[0].lost != null);
        } finally {
            Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, limit[0], limit[1]);
        }
        assertThat(server[0].fds).as("only the first message's descriptor").hasSize(1);
        assertThat(server[0].received.toString(StandardCharsets.US_ASCII)).isEqualTo("first");
        assertThat(server[0].lost.value().getMessage()).contains("MSG_CTRUNC");
        assertThat(openCopies(fds[0])).as("what arrived was closed").isEqualTo(before);
        assertThat(lines("MSG_CTRUNC")).as("said once in the log").hasSize(1);
    }

    @Test
    void aThousandMessagesToAProtocolThatTakesNoneLeakNothingAndLogAtMostOncePerInterval() {
        int s = rawClient(Peer::new);
        int[] fds = copies(40);
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            send(s, "x", fds);
        }
        runUntil(() -> servers.get(0).received.size() == 1000, 30);
        long elapsed = System.nanoTime() - started;
        assertThat(openCopies(fds[0])).as("every received copy was closed").isEqualTo(42);
        long allowed = 1 + elapsed / LOG_INTERVAL_NANOS;
        assertThat(lines("does not take descriptors")).as("log lines for 1,000 messages in %s ms",
                TimeUnit.NANOSECONDS.toMillis(elapsed)).hasSizeBetween(1, (int) allowed);
        assertThat(servers.get(0).lost).as("the connection goes on").isNull();
    }

    @Test
    void aThousandSmallMessagesToAReceiverAreTakenAsTheyCome() {
        ClosingReceiver[] server = new ClosingReceiver[1];
        int s = rawClient(() -> server[0] = new ClosingReceiver());
        int[] fds = copies(1);
        for (int i = 0; i < 1000; i++) {
            send(s, "y", fds);
        }
        runUntil(() -> server[0].received.size() == 1000, 30);
        assertThat(server[0].fds).hasSize(1000);
        assertThat(openCopies(fds[0])).isEqualTo(3);
    }

    /** A peer's datagrams that make the protocol throw: one ERROR line per interval, not one per datagram. */
    @Test
    void aThousandDatagramsThatBreakTheProtocolLogAtMostOncePerInterval() {
        int[] seen = {0};
        String name = path("breaking.dgram");
        dev.twine.internet.interfaces.IUNIXDatagramTransport port = reactor().listenUNIXDatagram(name,
                new dev.twine.internet.protocol.DatagramProtocol() {
                    @Override
                    public void datagramReceived(byte[] data, dev.twine.internet.interfaces.IAddress addr) {
                        seen[0]++;
                        throw new IllegalStateException("broken by a datagram");
                    }
                });
        int s = Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_DGRAM);
        fixture.fds().track(s);
        long started = System.nanoTime();
        byte[] datagram = {1};
        for (int i = 0; i < 1000; i++) {
            while (UnixSockets.sendto(s, datagram, 0, 1, name) == Syscalls.WOULD_BLOCK) {
                reactor().iterate(0.001);
            }
        }
        runUntil(() -> seen[0] == 1000, 30);
        long elapsed = System.nanoTime() - started;
        int errors = fixture.log().flushErrors(IllegalStateException.class);
        assertThat(errors).as("ERROR lines for 1,000 datagrams in %s ms", TimeUnit.NANOSECONDS.toMillis(elapsed))
                .isBetween(1, (int) (1 + elapsed / LOG_INTERVAL_NANOS));
        stop(port);
    }
}
