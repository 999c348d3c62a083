package dev.twine.internet.posixbase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.testing.Fds;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.TestDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descriptors epoll refuses with EPERM (regular files) are polled on every pass instead: Twisted's
 * {@code _ContinuousPolling}, reached through the epoll reactor with files opened by open(2).
 */
@Timeout(30)
class ContinuousPollingTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();
    private LogCapture log;
    private EPollReactor reactor;
    private Fds fds;

    @BeforeEach
    void setUp() {
        reactor = fixture.reactor();
        fds = fixture.fds();
        log = fixture.log();
    }

    private int openFile(String content, int flags) throws IOException {
        Path file = Files.createTempFile(dir, "data", ".txt");
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return fds.track(Syscalls.open(file.toString(), flags))[0];
    }

    @Test
    void aRegularFileIsReadOnEveryPassUntilItsEnd() throws IOException {
        String content = "0123456789".repeat(100);
        TestDescriptor reader = new TestDescriptor("file", openFile(content, LibC.O_RDONLY())).readChunk(64);
        reactor.addReader(reader);

        assertThat(reactor.getReaders()).contains(reader);
        assertThat(reactor.timeout()).as("a polled file keeps the reactor awake").isZero();

        Reactors.iterateUntil(reactor, () -> !reader.lost.isEmpty());

        assertThat(reader.received()).isEqualTo(content);
        assertThat(reader.reads).as("one 64-byte read per pass, then end of file").isEqualTo(1000 / 64 + 2);
        assertThat(reader.lost).singleElement()
                .satisfies(f -> assertThat(f.value()).isExactlyInstanceOf(ConnectionDone.class));
        assertThat(reactor.getReaders()).doesNotContain(reader);
        assertThat(reactor.getDelayedCalls()).as("the polling loop stopped with its last descriptor").isEmpty();
        assertThat(reactor.timeout()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void aRegularFileIsReadWhileTheReactorRunsAlongsideASocket() throws IOException {
        String content = "x".repeat(10_000);
        TestDescriptor file = new TestDescriptor("file", openFile(content, LibC.O_RDONLY())).readChunk(100);
        int[] pair = fds.socketpair();
        TestDescriptor socket = new TestDescriptor("socket", pair[0]);
        file.onLost = reactor::stop;
        reactor.callWhenRunning(() -> {
            reactor.addReader(file);
            reactor.addReader(socket);
            Fds.write(pair[1], "socket data");
        });
        Reactors.run(reactor);
        assertThat(file.receivedBytes()).isEqualTo(10_000);
        assertThat(file.reads).isEqualTo(101);
        assertThat(socket.received()).isEqualTo("socket data");
        reactor.removeReader(socket);
    }

    @Test
    void removeReaderStopsThePolling() throws IOException {
        TestDescriptor reader = new TestDescriptor("file", openFile("abc".repeat(1000), LibC.O_RDONLY()))
                .readChunk(1);
        reactor.addReader(reader);
        reactor.addReader(reader);
        reactor.iterate(0);
        reactor.iterate(0);
        int reads = reader.reads;
        assertThat(reads).isEqualTo(2);

        reactor.removeReader(reader);
        assertThat(reactor.getDelayedCalls()).isEmpty();
        reactor.iterate(0);
        reactor.iterate(0);
        assertThat(reader.reads).isEqualTo(reads);
        assertThat(reader.lost).isEmpty();
    }

    @Test
    void aRegularFileWriterIsCalledOnEveryPass() throws IOException {
        TestDescriptor writer = new TestDescriptor("file", openFile("", LibC.O_WRONLY()));
        writer.onWrite = () -> writer.writes == 5 ? new ConnectionDone("wrote enough") : null;
        reactor.addWriter(writer);
        assertThat(reactor.getWriters()).contains(writer);

        Reactors.iterateUntil(reactor, () -> !writer.lost.isEmpty());

        assertThat(writer.writes).isEqualTo(5);
        assertThat(writer.reads).isZero();
        assertThat(reactor.getWriters()).doesNotContain(writer);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void removeAllAndShutdownIncludePolledFiles() throws IOException {
        TestDescriptor reader = new TestDescriptor("reader", openFile("abc", LibC.O_RDONLY()));
        TestDescriptor writer = new TestDescriptor("writer", openFile("", LibC.O_WRONLY()));
        reactor.addReader(reader);
        reactor.addWriter(writer);
        assertThat(reactor.removeAll()).containsExactlyInAnyOrder(reader, writer);
        assertThat(reactor.getDelayedCalls()).isEmpty();

        reader.onRead = () -> null; // never reaches its end: only the shutdown ends it
        reactor.addReader(reader);
        reactor.callLater(0.01, reactor::stop);
        Reactors.run(reactor);
        assertThat(reader.lost).singleElement()
                .satisfies(f -> assertThat(f.value()).isExactlyInstanceOf(ConnectionLost.class));
        assertThat(reader.reads).isPositive();
        assertThat(reactor.getReaders()).doesNotContain(reader);
    }
}
