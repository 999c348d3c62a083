package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.error.ConnectBindError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import dev.twine.testing.DescriptorTable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listening port when the process runs out of descriptors (EMFILE, made for real by lowering RLIMIT_NOFILE to the
 * lowest free descriptor number): it must not spin on its ever-readable socket, must not leave clients hanging,
 * and must serve again once descriptors are back.
 */
@Timeout(30)
class TcpOutOfDescriptorsTest extends TcpTestBase {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void shedsWaitingClientsWithoutSpinningAndRecovers() {
        RecordingFactory factory = new RecordingFactory();
        Port port = (Port) listen(factory);
        assertThat(port.reserveFd()).as("a spare descriptor while listening").isNotNegative();
        int[] clients = connectClients(port, 3);
        warmUp();
        long callsBefore = port.acceptCalls;
        long cpuBefore;
        long cpuUsed;
        long[] limit = Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE);
        Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, DescriptorTable.lowestFree(), limit[1]);
        try {
            fillDescriptorTable();
            runUntil(() -> port.shedConnections() == 3, 5);
            // A second of reactor time out of descriptors: a port that spins would burn it all on this thread.
            cpuBefore = THREADS.getCurrentThreadCpuTime();
            double until = reactor().seconds() + 1.0;
            while (reactor().seconds() < until) {
                reactor().iterate(until - reactor().seconds());
            }
            cpuUsed = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        } finally {
            Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, limit[0], limit[1]);
        }
        assertThat(cpuUsed).as("reactor thread CPU over 1 s out of descriptors (ns)").isLessThan(200_000_000L);
        assertThat(port.acceptCalls - callsBefore).as("accept calls: shed 3, then stop").isLessThan(20);
        assertThat(factory.built).as("nothing reached the factory").isEmpty();
        for (int c : clients) {
            assertThat(readUntilClosed(c)).as("client %s sees its connection closed, not a hang", c).isTrue();
        }
        assertThat(port.reserveFd()).as("spare taken back").isNotNegative();
        List<LogRecord> warnings = fixture.log().records().stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains("EMFILE")).toList();
        assertThat(warnings).as("logged once").hasSize(1);

        connectClients(port, 1);
        runUntil(() -> factory.built.size() == 1);
        assertThat(port.backingOff()).isFalse();
    }

    /**
     * With the limit at the spare's own number, giving the spare up cannot make room, so the port falls back to
     * pausing accepts (a few tries, not thousands) and serves the waiting clients once descriptors are back.
     */
    @Test
    void withoutRoomEvenForTheSpareBacksOff() {
        RecordingFactory factory = new RecordingFactory();
        Port port = (Port) listen(factory);
        connectClients(port, 3);
        warmUp();
        long[] limit = Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE);
        long callsBefore = port.acceptCalls;
        Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, port.reserveFd(), limit[1]);
        try {
            fillDescriptorTable();
            double until = reactor().seconds() + 0.3;
            while (reactor().seconds() < until) {
                reactor().iterate(0.01);
            }
            assertThat(port.backingOff()).isTrue();
        } finally {
            Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, limit[0], limit[1]);
        }
        assertThat(port.acceptCalls - callsBefore).as("a few tries in 0.3 s, not thousands").isBetween(1L, 8L);
        runUntil(() -> factory.built.size() == 3);
        assertThat(port.backingOff()).isFalse();
        assertThat(port.reserveFd()).isNotNegative();
        assertThat(fixture.log().records().stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains("EMFILE")).count()).isEqualTo(1);
    }

    /**
     * The UNIX stream port is a subclass of this one (as in Twisted): the same spare descriptor, the same shedding
     * with a clean close, and service again once descriptors are back.
     */
    @Test
    void unixPortShedsWaitingClientsToo() {
        RecordingFactory factory = new RecordingFactory();
        String name = "\0twine-test-" + ProcessHandle.current().pid() + "-out-of-descriptors";
        Port port = (Port) reactor().listenUNIX(name, factory);
        assertThat(port.reserveFd()).as("a spare descriptor while listening").isNotNegative();
        int[] clients = connectUnixClients(name, 3);
        warmUp();
        long[] limit = Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE);
        Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, DescriptorTable.lowestFree(), limit[1]);
        try {
            fillDescriptorTable();
            runUntil(() -> port.shedConnections() == 3, 5);
        } finally {
            Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, limit[0], limit[1]);
        }
        assertThat(factory.built).as("nothing reached the factory").isEmpty();
        for (int c : clients) {
            assertThat(readUntilClosed(c)).as("client %s sees its connection closed, not a hang", c).isTrue();
        }
        assertThat(port.reserveFd()).as("spare taken back").isNotNegative();

        connectUnixClients(name, 1);
        runUntil(() -> factory.built.size() == 1);
        assertThat(port.backingOff()).isFalse();
    }

    /**
     * connectTCP with no descriptor left for its socket: the attempt fails through clientConnectionFailed with the
     * errno named, nothing is left open, and the next attempt, with descriptors back, connects.
     */
    @Test
    void connectingOutOfDescriptorsFailsTheAttempt() {
        RecordingFactory server = new RecordingFactory();
        Port port = (Port) listen(server);
        List<Failure> failures = new java.util.ArrayList<>();
        ClientFactory client = new ClientFactory() {
            @Override
            public IProtocol buildProtocol(IAddress address) {
                return new Protocol();
            }

            @Override
            public void clientConnectionFailed(IConnector connector, Failure reason) {
                failures.add(reason);
            }
        };
        // A first attempt loads the connector's classes: here they come from a class directory, one file each.
        reactor().connectTCP("127.0.0.1", portOf(port), client);
        runUntil(() -> server.built.size() == 1);
        warmUp();
        new ConnectBindError("warm-up", Errno.exception("socket", Errno.EMFILE)).getMessage();
        long[] limit = Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE);
        Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, DescriptorTable.lowestFree(), limit[1]);
        try {
            fillDescriptorTable();
            reactor().connectTCP("127.0.0.1", portOf(port), client);
            runUntil(() -> !failures.isEmpty(), 5);
        } finally {
            Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, limit[0], limit[1]);
        }
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).value()).isInstanceOf(ConnectBindError.class).hasMessageContaining("EMFILE");

        reactor().connectTCP("127.0.0.1", portOf(port), client);
        runUntil(() -> server.built.size() == 2);
        assertThat(failures).hasSize(1);
    }

    private int[] connectUnixClients(String name, int count) {
        int[] fds = new int[count];
        for (int i = 0; i < count; i++) {
            fds[i] = fixture.fds().track(Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM))[0];
            assertThat(UnixSockets.connect(fds[i], name)).as("connected at once").isZero();
        }
        return fds;
    }

    private int[] connectClients(Port port, int count) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), portOf(port));
        int[] fds = new int[count];
        for (int i = 0; i < count; i++) {
            fds[i] = fixture.fds().track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
            Sockets.connect(fds[i], address);
        }
        return fds;
    }

    /**
     * Loads what the window out of descriptors uses: the tests run from a class directory, where loading a class
     * needs a descriptor of its own.
     */
    private void warmUp() {
        reactor().callLater(1, () -> { }).cancel();
        Errno.exception("accept4", Errno.EMFILE).getMessage();
        fixture.log().records();
        THREADS.getCurrentThreadCpuTime();
        Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE);
        DescriptorTable.lowestFree();
    }

    /** Reads the non-blocking client until end of stream or reset; false if it is still open after 5 s. */
    private boolean readUntilClosed(int fd) {
        byte[] buf = new byte[16];
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                int n = Syscalls.read(fd, buf, 0, buf.length);
                if (n == 0) {
                    return true;
                }
            } catch (ErrnoException e) {
                return e.errno() == Errno.ECONNRESET;
            }
            reactor().iterate(0.01);
        }
        return false;
    }

    /** Takes every descriptor number still free under the limit, so the process is truly out of them. */
    private void fillDescriptorTable() {
        for (int fd : DescriptorTable.fill()) {
            fixture.fds().track(fd);
        }
    }
}
