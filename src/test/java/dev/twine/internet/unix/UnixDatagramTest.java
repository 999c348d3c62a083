package dev.twine.internet.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.Errno;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ConnectError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IUNIXConnectedDatagramTransport;
import dev.twine.internet.interfaces.IUNIXDatagramTransport;
import dev.twine.internet.protocol.ConnectedDatagramProtocol;
import dev.twine.internet.protocol.DatagramProtocol;
import dev.twine.python.Failure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UNIX datagram sockets: a listening port and a connected one, both ways, in the filesystem and abstract. */
@Timeout(60)
class UnixDatagramTest extends UnixTestBase {

    /** Answers every datagram with "re: " and the datagram, to its sender. */
    static final class Answering extends DatagramProtocol {
        final List<String> received = new ArrayList<>();
        final List<IAddress> senders = new ArrayList<>();
        boolean stopped;

        @Override
        public void datagramReceived(byte[] data, IAddress addr) {
            String text = new String(data, StandardCharsets.UTF_8);
            received.add(text);
            senders.add(addr);
            String name = ((UNIXAddress) addr).name();
            if (name != null) {
                ((IUNIXDatagramTransport) transport).write(("re: " + text).getBytes(StandardCharsets.UTF_8), name);
            }
        }

        @Override
        public void stopProtocol() {
            stopped = true;
        }
    }

    static final class Connected extends ConnectedDatagramProtocol {
        final List<String> received = new ArrayList<>();
        final List<Failure> failures = new ArrayList<>();
        boolean started;
        boolean stopped;

        @Override
        public void startProtocol() {
            started = true;
        }

        @Override
        public void stopProtocol() {
            stopped = true;
        }

        @Override
        public void datagramReceived(byte[] data) {
            received.add(new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void connectionFailed(Failure reason) {
            failures.add(reason);
        }
    }

    private void roundTrip(String serverName, String clientName) {
        Answering server = new Answering();
        IUNIXDatagramTransport port = reactor().listenUNIXDatagram(serverName, server);
        assertThat(port.getHost()).isEqualTo(new UNIXAddress(serverName));
        Connected client = new Connected();
        IUNIXConnectedDatagramTransport connected =
                reactor().connectUNIXDatagram(serverName, client, 8192, 0666, clientName);
        assertThat(client.started).isTrue();
        assertThat(connected.getPeer()).isEqualTo(new UNIXAddress(serverName));
        assertThat(connected.getHost()).isEqualTo(new UNIXAddress(clientName));

        byte[] big = new byte[6000];
        java.util.Arrays.fill(big, (byte) 'b');
        connected.write("ping".getBytes(StandardCharsets.UTF_8));
        connected.write(big);
        runUntil(() -> client.received.size() == 2);
        assertThat(server.received).containsExactly("ping", new String(big, StandardCharsets.UTF_8));
        assertThat(server.senders).containsOnly(new UNIXAddress(clientName));
        assertThat(client.received).containsExactly("re: ping", "re: " + new String(big, StandardCharsets.UTF_8));

        boolean[] closed = {false, false};
        connected.stopListening().addCallback(v -> {
            closed[0] = true;
            return v;
        });
        port.stopListening().addCallback(v -> {
            closed[1] = true;
            return v;
        });
        runUntil(() -> closed[0] && closed[1]);
        assertThat(client.stopped).isTrue();
        assertThat(server.stopped).isTrue();
    }

    @Test
    void roundTripThroughFilesystemSocketsWithModesAndFilesRemoved() throws Exception {
        String server = path("server.dgram");
        String client = path("client.dgram");
        Answering probe = new Answering();
        IUNIXDatagramTransport port = reactor().listenUNIXDatagram(server, probe, 8192, 0600);
        assertThat(Files.getPosixFilePermissions(Path.of(server)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        port.stopListening();
        settle();
        assertThat(Files.exists(Path.of(server))).isFalse();

        roundTrip(server, client);
        assertThat(Files.exists(Path.of(server))).isFalse();
        assertThat(Files.exists(Path.of(client))).isFalse();
    }

    @Test
    void roundTripThroughAbstractSockets() throws Exception {
        roundTrip(abstractName("dgram-server"), abstractName("dgram-client"));
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anUnnamedSenderArrivesWithANullName() {
        Answering server = new Answering();
        String name = abstractName("unnamed");
        reactor().listenUNIXDatagram(name, server);
        Connected client = new Connected();
        IUNIXConnectedDatagramTransport connected = reactor().connectUNIXDatagram(name, client);
        connected.write("hello".getBytes(StandardCharsets.UTF_8));
        runUntil(() -> server.received.size() == 1);
        assertThat(server.senders).containsExactly(new UNIXAddress(null));
    }

    @Test
    void twoListeningPortsWriteToEachOther() {
        Answering a = new Answering();
        Answering b = new Answering();
        String nameA = path("a.dgram");
        String nameB = abstractName("b");
        IUNIXDatagramTransport portA = reactor().listenUNIXDatagram(nameA, a);
        reactor().listenUNIXDatagram(nameB, b);
        portA.write("one".getBytes(StandardCharsets.UTF_8), nameB);
        // b answers "re: one" to a, a answers "re: re: one" to b, and so on: stop after a few rounds.
        runUntil(() -> b.received.size() >= 3);
        assertThat(b.received.subList(0, 3)).containsExactly("one", "re: re: one", "re: re: re: re: one");
        assertThat(a.senders.get(0)).isEqualTo(new UNIXAddress(nameB));
        assertThat(b.senders.get(0)).isEqualTo(new UNIXAddress(nameA));
    }

    @Test
    void connectingToNothingReachesConnectionFailedWithTheErrno() {
        Connected missing = new Connected();
        reactor().connectUNIXDatagram(path("nobody.dgram"), missing);
        assertThat(missing.failures).hasSize(1);
        Throwable e = missing.failures.get(0).value();
        assertThat(e).isInstanceOf(ConnectError.class);
        assertThat(((ErrnoException) e.getCause()).errno()).isEqualTo(Errno.ENOENT);
        assertThat(missing.started).isFalse();

        Connected badBind = new Connected();
        String server = abstractName("bind-fails");
        reactor().listenUNIXDatagram(server, new Answering());
        reactor().connectUNIXDatagram(server, badBind, 8192, 0666, path("no-dir/c.dgram"));
        assertThat(badBind.failures.get(0).value()).isInstanceOf(CannotListenError.class);
    }

    @Test
    void badInputIsRefusedByName() {
        String longPath = path("d".repeat(120));
        assertThatThrownBy(() -> reactor().listenUNIXDatagram(longPath, new Answering()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(longPath);
        assertThatThrownBy(() -> reactor().connectUNIXDatagram(longPath, new Connected()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(longPath);
        assertThatThrownBy(() -> reactor().listenUNIXDatagram(path("x.dgram"), new Answering(), 0, 0666))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPacketSize");
        String name = path("twice.dgram");
        reactor().listenUNIXDatagram(name, new Answering());
        assertThatThrownBy(() -> reactor().listenUNIXDatagram(name, new Answering()))
                .isInstanceOf(CannotListenError.class).hasMessageContaining(name);
    }
}
