package dev.twine.internet.unix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame of the UNIX socket tests: a fresh reactor per test with leak and log checks ({@link ReactorFixture}),
 * socket files in a temporary directory, unique abstract names, and a bounded loop that iterates the reactor until
 * a condition holds.
 */
abstract class UnixTestBase {
    private static final AtomicLong NAMES = new AtomicLong();

    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    @TempDir
    Path dir;

    EPollReactor reactor() {
        return fixture.reactor();
    }

    /** A socket path in the test's directory. */
    String path(String name) {
        return dir.resolve(name).toString();
    }

    /** An abstract name no other test (or process) uses. */
    static String abstractName(String name) {
        return "\0twine-test-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet() + "-" + name;
    }

    /** A live process: a shell that reports its pid and becomes {@code sleep}. Destroy it after. */
    static Process liveChild() throws IOException {
        return new ProcessBuilder("sh", "-c", "echo $$; exec sleep 60").redirectErrorStream(true).start();
    }

    static int pidOf(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        return Integer.parseInt(out.readLine().trim());
    }

    /** The pid of a process that has exited and been reaped, so nothing has it now. */
    static int deadPid() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo $$").start();
        int pid = pidOf(p);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        p.getInputStream().close();
        p.getOutputStream().close();
        p.getErrorStream().close();
        return pid;
    }

    /** Leaves a socket file at {@code path} with nobody listening, as a process that died would. */
    static void staleSocketFile(String path) {
        int s = Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM);
        try {
            UnixSockets.bind(s, path);
        } finally {
            Syscalls.close(s);
        }
    }

    void stop(IListeningPort port) {
        boolean[] done = {false};
        port.stopListening().addCallback(v -> {
            done[0] = true;
            return v;
        });
        runUntil(() -> done[0]);
    }

    void runUntil(BooleanSupplier done, double seconds) {
        Reactors.iterateUntil(reactor(), seconds, done);
    }

    void runUntil(BooleanSupplier done) {
        runUntil(done, Reactors.ITERATE_UNTIL_SECONDS);
    }

    void settle() {
        Reactors.settle(reactor());
    }

    @AfterEach
    void disconnectEverything() {
        reactor().disconnectAll();
        settle();
    }

    /** A protocol that keeps what it receives and records its life. */
    static class Peer extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean made;
        Failure lost;
        Consumer<Peer> onMade = p -> { };
        Consumer<byte[]> onData = d -> { };

        @Override
        public void connectionMade() {
            made = true;
            onMade.accept(this);
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            onData.accept(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            lost = reason;
        }

        DescriptorTransport unixTransport() {
            return (DescriptorTransport) transport;
        }
    }

    /** Echoes what it receives. */
    static final class Echo extends Peer {
        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            transport.write(data);
        }
    }

    /** A client factory that hands out one given protocol and records failures. */
    static final class OneClient extends ClientFactory {
        final Protocol protocol;
        final List<Failure> failed = new ArrayList<>();
        final List<IAddress> addresses = new ArrayList<>();
        int stops;

        OneClient(Protocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public dev.twine.internet.interfaces.IProtocol buildProtocol(IAddress addr) {
            addresses.add(addr);
            return protocol;
        }

        @Override
        public void clientConnectionFailed(IConnector connector, Failure reason) {
            failed.add(reason);
        }

        @Override
        public void doStop() {
            stops++;
            super.doStop();
        }
    }
}
