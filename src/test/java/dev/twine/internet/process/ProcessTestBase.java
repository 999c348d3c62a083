package dev.twine.internet.process;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.internet.protocol.ProcessProtocol;
import dev.twine.python.Failure;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The frame of the process tests: a fresh reactor per test with leak and log checks ({@link ReactorFixture}), a
 * protocol that records everything it hears in order, and a bounded loop that iterates the reactor.
 */
abstract class ProcessTestBase {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    /** Records data per child fd, and every event in the order it came. */
    static class Recorder extends ProcessProtocol {
        final Map<Integer, ByteArrayOutputStream> data = new TreeMap<>();
        final List<String> events = new ArrayList<>();
        Failure exited;
        Failure ended;
        int endedCount;

        @Override
        public void connectionMade() {
            events.add("connectionMade");
        }

        @Override
        public void childDataReceived(int childFD, byte[] bytes) {
            data.computeIfAbsent(childFD, fd -> new ByteArrayOutputStream()).writeBytes(bytes);
            super.childDataReceived(childFD, bytes);
        }

        @Override
        public void childConnectionLost(int childFD) {
            events.add("childConnectionLost " + childFD);
            super.childConnectionLost(childFD);
        }

        @Override
        public void processExited(Failure reason) {
            events.add("processExited");
            exited = reason;
        }

        @Override
        public void processEnded(Failure reason) {
            events.add("processEnded");
            ended = reason;
            endedCount++;
        }

        byte[] bytes(int childFD) {
            ByteArrayOutputStream out = data.get(childFD);
            return out == null ? new byte[0] : out.toByteArray();
        }

        String text(int childFD) {
            return new String(bytes(childFD), StandardCharsets.UTF_8);
        }

        boolean ended() {
            return ended != null;
        }
    }

    EPollReactor reactor() {
        return fixture.reactor();
    }

    IProcessTransport spawn(Recorder recorder, String... argv) {
        return reactor().spawnProcess(recorder, argv[0], List.of(argv));
    }

    /** Spawns {@code sh -c script} and runs until it ended. */
    Recorder sh(String script) {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/bin/sh", List.of("sh", "-c", script));
        runUntil(r::ended);
        return r;
    }

    /** Iterates until {@code done}, failing after {@code seconds}. */
    void runUntil(BooleanSupplier done, double seconds) {
        Reactors.iterateUntil(reactor(), seconds, done);
    }

    void runUntil(BooleanSupplier done) {
        runUntil(done, 20);
    }
}
