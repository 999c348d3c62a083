package dev.twine.internet.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.interfaces.IFileDescriptorReceiver;
import dev.twine.internet.interfaces.IUNIXTransport;
import dev.twine.internet.protocol.Factory;
import dev.twine.testing.Fds;
import dev.twine.testing.ResourceSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Descriptors passed over UNIX connections (SCM_RIGHTS): taken by a protocol that opts in, closed otherwise. */
@Timeout(60)
class UnixFdPassingTest extends UnixTestBase {

    /** Takes descriptors, recording them among its events so their order against the data shows. */
    final class Receiver extends Peer implements IFileDescriptorReceiver {
        final List<Integer> fds = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void fileDescriptorReceived(int fd) {
            fixture.fds().track(fd);
            fds.add(fd);
            events.add("fd");
        }

        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            events.add("data:" + new String(data, StandardCharsets.US_ASCII));
        }
    }

    private final List<Peer> servers = new ArrayList<>();

    /** A client connected to a server whose protocols {@code make} builds; returns the client once both are up. */
    private Peer connect(java.util.function.Supplier<Peer> make) {
        String path = path("fd.sock");
        reactor().listenUNIX(path, Factory.forProtocol(a -> {
            Peer p = make.get();
            servers.add(p);
            return p;
        }));
        Peer client = new Peer();
        reactor().connectUNIX(path, new OneClient(client));
        runUntil(() -> client.made && !servers.isEmpty() && servers.get(0).made);
        return client;
    }

    /** How many of this process's descriptors refer to the same open file as {@code fd} (a pipe's inode). */
    private static long openCopiesOf(int fd) {
        String target = ResourceSnapshot.openFds().stream().filter(e -> e.startsWith(fd + " -> ")).findFirst()
                .orElseThrow().substring((fd + " -> ").length());
        return ResourceSnapshot.openFds().stream().filter(e -> e.endsWith(" -> " + target)).count();
    }

    private static String readAll(int fd, int length) {
        byte[] buffer = new byte[length];
        int n = Syscalls.read(fd, buffer, 0, length);
        return new String(buffer, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
    }

    @Test
    void aPipePassedToAReceiverCarriesDataAndIsCloseOnExec() {
        Peer client = connect(Receiver::new);
        Receiver server = (Receiver) servers.get(0);
        int[] pipe = fixture.fds().pipe();
        IUNIXTransport transport = (IUNIXTransport) client.transport();
        transport.sendFileDescriptor(pipe[0]);
        // The transport took its own duplicate: the caller's copy may go at once.
        fixture.fds().close(pipe[0]);
        transport.write("x".getBytes(StandardCharsets.US_ASCII));
        runUntil(() -> server.fds.size() == 1 && server.received.size() == 1);
        assertThat(server.events).containsExactly("fd", "data:x");

        int received = server.fds.get(0);
        assertThat(Syscalls.fcntl(received, LibC.F_GETFD(), 0) & LibC.FD_CLOEXEC()).as("close-on-exec").isNotZero();
        Fds.write(pipe[1], "through the pipe");
        assertThat(readAll(received, 64)).isEqualTo("through the pipe");
        fixture.fds().close(received);
    }

    @Test
    void eachDescriptorTravelsWithOneByteInOrder() {
        Peer client = connect(Receiver::new);
        Receiver server = (Receiver) servers.get(0);
        IUNIXTransport transport = (IUNIXTransport) client.transport();
        int[][] pipes = {fixture.fds().pipe(), fixture.fds().pipe(), fixture.fds().pipe()};
        for (int[] p : pipes) {
            transport.sendFileDescriptor(p[0]);
        }
        transport.write("abcdef".getBytes(StandardCharsets.US_ASCII));
        runUntil(() -> server.fds.size() == 3 && server.received.size() == 6);
        assertThat(server.received.toString()).isEqualTo("abcdef");
        assertThat(server.events.subList(0, 2)).containsExactly("fd", "data:a");
        for (int i = 0; i < 3; i++) {
            Fds.write(pipes[i][1], "pipe " + i);
            assertThat(readAll(server.fds.get(i), 16)).isEqualTo("pipe " + i);
        }
    }

    @Test
    void descriptorsBeyondTheBytesWrittenWaitForTheNextWrite() {
        Peer client = connect(Receiver::new);
        Receiver server = (Receiver) servers.get(0);
        DescriptorTransport transport = client.unixTransport();
        int[][] pipes = {fixture.fds().pipe(), fixture.fds().pipe(), fixture.fds().pipe()};
        for (int[] p : pipes) {
            transport.sendFileDescriptor(p[0]);
        }
        transport.write("ab".getBytes(StandardCharsets.US_ASCII));
        runUntil(() -> server.fds.size() == 2 && server.received.size() == 2);
        settle();
        assertThat(server.fds).hasSize(2);
        assertThat(transport.queuedFileDescriptors()).isEqualTo(1);
        transport.write("cdef".getBytes(StandardCharsets.US_ASCII));
        runUntil(() -> server.fds.size() == 3 && server.received.size() == 6);
        assertThat(server.received.toString()).isEqualTo("abcdef");
        for (int i = 0; i < 3; i++) {
            Fds.write(pipes[i][1], "pipe " + i);
            assertThat(readAll(server.fds.get(i), 16)).isEqualTo("pipe " + i);
        }
    }

    @Test
    void aProtocolThatDoesNotOptInHasTheDescriptorClosedForIt() {
        Peer client = connect(Peer::new);
        Peer server = servers.get(0);
        int[] pipe = fixture.fds().pipe();
        IUNIXTransport transport = (IUNIXTransport) client.transport();
        transport.sendFileDescriptor(pipe[0]);
        assertThat(openCopiesOf(pipe[1])).as("the pipe's two ends and the transport's duplicate").isEqualTo(3);
        transport.write("y".getBytes(StandardCharsets.US_ASCII));
        runUntil(() -> server.received.size() == 1);
        assertThat(server.received.toString()).isEqualTo("y");
        assertThat(openCopiesOf(pipe[1]))
                .as("neither the sender's duplicate nor the received descriptor is left open").isEqualTo(2);
        assertThat(fixture.log().records()).as("the transport says it closed what the protocol did not take")
                .anySatisfy(r -> assertThat(r.getMessage()).contains("closing the 1 it was sent"));
    }

    @Test
    void descriptorsNeverSentAreClosedWithTheConnection() {
        Peer client = connect(Receiver::new);
        int[] pipe = fixture.fds().pipe();
        client.unixTransport().sendFileDescriptor(pipe[0]);
        client.unixTransport().sendFileDescriptor(pipe[1]);
        settle();
        assertThat(client.unixTransport().queuedFileDescriptors()).as("no data to travel with").isEqualTo(2);
        assertThat(openCopiesOf(pipe[1])).isEqualTo(4);
        client.transport().loseConnection();
        runUntil(() -> client.lost != null);
        assertThat(openCopiesOf(pipe[1])).as("the queued duplicates were closed").isEqualTo(2);
        assertThat(((Receiver) servers.get(0)).fds).isEmpty();
    }

    @Test
    void theQueueOfDescriptorsWaitingToBeSentIsBounded() {
        Peer client = connect(Receiver::new);
        int[] pipe = fixture.fds().pipe();
        // No byte is written, so none can leave: each waits as a duplicate in our own descriptor table.
        for (int i = 0; i < DescriptorPassing.MAX_QUEUED_FDS; i++) {
            client.unixTransport().sendFileDescriptor(pipe[0]);
        }
        long copies = openCopiesOf(pipe[0]);
        assertThatThrownBy(() -> client.unixTransport().sendFileDescriptor(pipe[0]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most");
        assertThat(openCopiesOf(pipe[0])).as("the refused one was not duplicated").isEqualTo(copies);
        assertThat(client.unixTransport().queuedFileDescriptors()).isEqualTo(DescriptorPassing.MAX_QUEUED_FDS);
        client.transport().loseConnection();
        runUntil(() -> client.lost != null);
        assertThat(openCopiesOf(pipe[0])).as("the queued duplicates were closed (both pipe ends remain)").isEqualTo(2);
    }
}
