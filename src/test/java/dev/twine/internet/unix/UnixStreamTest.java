package dev.twine.internet.unix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.Factory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Echo over UNIX stream sockets, in the filesystem and in the abstract namespace, and their addresses. */
@Timeout(60)
class UnixStreamTest extends UnixTestBase {
    private final List<Echo> servers = new ArrayList<>();

    private Factory echoFactory() {
        return Factory.forProtocol(a -> {
            Echo e = new Echo();
            servers.add(e);
            return e;
        });
    }

    /** Sends {@code size} random bytes through an echo server at {@code address}; returns the client. */
    private Peer echo(String address, int size) {
        byte[] payload = new byte[size];
        new SplittableRandom(size).nextBytes(payload);
        Peer client = new Peer();
        client.onMade = p -> p.transport().write(payload);
        reactor().connectUNIX(address, new OneClient(client));
        runUntil(() -> client.received.size() >= size);
        assertThat(client.received.toByteArray()).isEqualTo(payload);
        assertThat(servers).hasSize(1);
        assertThat(servers.get(0).received.toByteArray()).isEqualTo(payload);
        return client;
    }

    @Test
    void echoesThroughAFilesystemSocketWithItsModeAndRemovesItsFile() throws Exception {
        String path = path("echo.sock");
        IListeningPort port = reactor().listenUNIX(path, echoFactory(), 50, 0640, false);
        assertThat(Files.getPosixFilePermissions(Path.of(path)))
                .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(port.getHost()).isEqualTo(new UNIXAddress(path));

        Peer client = echo(path, 200 * 1024);
        assertThat(client.transport().getPeer()).isEqualTo(new UNIXAddress(path));
        assertThat(client.transport().getHost()).as("an unbound client").isEqualTo(new UNIXAddress(null));
        Echo server = servers.get(0);
        assertThat(server.transport().getHost()).isEqualTo(new UNIXAddress(path));
        assertThat(server.transport().getPeer()).as("unnamed peer").isEqualTo(new UNIXAddress(null));

        client.transport().loseConnection();
        runUntil(() -> client.lost != null && server.lost != null);
        boolean[] stopped = {false};
        port.stopListening().addCallback(v -> {
            stopped[0] = true;
            return v;
        });
        runUntil(() -> stopped[0]);
        assertThat(Files.exists(Path.of(path))).as("socket file removed").isFalse();
    }

    @Test
    void echoesThroughAnAbstractSocketWithoutTouchingTheFilesystem() throws Exception {
        String name = abstractName("echo");
        IListeningPort port = reactor().listenUNIX(name, echoFactory());
        assertThat(port.getHost()).isEqualTo(new UNIXAddress(name));
        assertThat(((UNIXAddress) port.getHost()).isAbstract()).isTrue();

        Peer client = echo(name, 64 * 1024 + 17);
        assertThat(client.transport().getPeer()).isEqualTo(new UNIXAddress(name));
        assertThat(servers.get(0).transport().getHost()).isEqualTo(new UNIXAddress(name));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        port.stopListening();
        settle();
        // The name is free again once the port closed.
        IListeningPort again = reactor().listenUNIX(name, echoFactory());
        again.stopListening();
        settle();
    }

    @Test
    void closingTheReactorsDescriptorsClosesThePortAndRemovesItsFiles() {
        String path = path("closed.sock");
        reactor().listenUNIX(path, echoFactory(), 50, 0666, true);
        Peer client = new Peer();
        reactor().connectUNIX(path, new OneClient(client));
        runUntil(() -> client.made && servers.size() == 1);
        reactor().disconnectAll();
        settle();
        assertThat(client.lost).isNotNull();
        assertThat(Files.exists(Path.of(path))).isFalse();
        assertThat(Files.exists(Path.of(path + ".lock"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    /** The README's example, run to completion: lock file, checkPID, a descriptor the echo server does not take. */
    @Test
    void theReadmeExampleWorks() {
        String path = path("echo.sock");
        IListeningPort port = reactor().listenUNIX(path, Factory.forProtocol(dev.twine.protocols.wire.Echo::new), 50,
                0600, true);
        assertThat(Files.isSymbolicLink(Path.of(path + ".lock"))).as("Twisted's lock: a link to our pid").isTrue();
        StringBuilder got = new StringBuilder();
        reactor().connectUNIX(path, dev.twine.internet.protocol.ClientFactory.forProtocol(
                () -> new dev.twine.internet.protocol.Protocol() {
                    @Override
                    public void connectionMade() {
                        ((dev.twine.internet.interfaces.IUNIXTransport) transport).sendFileDescriptor(0);
                        transport.write("hello".getBytes());
                    }

                    @Override
                    public void dataReceived(byte[] data) {
                        got.append(new String(data));
                    }
                }), 30, true);
        runUntil(() -> got.length() == 5);
        assertThat(got.toString()).isEqualTo("hello");
        port.stopListening();
        reactor().disconnectAll();
        settle();
        assertThat(Files.exists(Path.of(path))).isFalse();
        assertThat(Files.exists(Path.of(path + ".lock"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void manyClientsEachGetTheirOwnEcho() {
        String path = path("many.sock");
        reactor().listenUNIX(path, echoFactory());
        List<Peer> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] message = ("client " + i).getBytes();
            Peer c = new Peer();
            c.onMade = p -> p.transport().write(message);
            clients.add(c);
            reactor().connectUNIX(path, new OneClient(c));
        }
        runUntil(() -> clients.stream().allMatch(c -> c.received.size() >= 8));
        for (int i = 0; i < 10; i++) {
            assertThat(clients.get(i).received.toString()).isEqualTo("client " + i);
        }
    }
}
