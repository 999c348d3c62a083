package dev.twine.internet.epollreactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.EventFd;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.interfaces.IFileDescriptor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.testing.Fds;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.TestDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** IReactorFDSet on real pipes and socket pairs: readiness, registration, and the descriptor-reuse guard. */
@Timeout(30)
class EPollReactorFDSetTest {
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

    /** The reactor's own reader: its waker. */
    private IReadDescriptor waker() {
        List<IReadDescriptor> readers = reactor.getReaders();
        assertThat(readers).hasSize(1);
        return readers.get(0);
    }

    @Test
    void readerIsToldWhenDataArrivesOnASocket() {
        int[] pair = fds.socketpair();
        TestDescriptor reader = new TestDescriptor("reader", pair[0]);
        reactor.addReader(reader);
        reactor.iterate(0);
        assertThat(reader.reads).as("nothing to read yet").isZero();

        Fds.write(pair[1], "hello");
        Reactors.iterateUntil(reactor, () -> reader.received().equals("hello"));
        assertThat(reader.reads).isEqualTo(1);
        assertThat(reader.writes).isZero();
        assertThat(reader.lost).isEmpty();
    }

    @Test
    void readerIsToldWhenDataArrivesOnAPipe() {
        int[] pipe = fds.pipe();
        TestDescriptor reader = new TestDescriptor("reader", pipe[0]);
        reactor.addReader(reader);
        Fds.write(pipe[1], "through a pipe");
        Reactors.iterateUntil(reactor, () -> reader.received().equals("through a pipe"));
    }

    @Test
    void readerIsCalledAgainWhileDataRemains() {
        int[] pair = fds.socketpair();
        TestDescriptor reader = new TestDescriptor("reader", pair[0]).readChunk(2);
        reactor.addReader(reader);
        Fds.write(pair[1], "abcdef");
        Reactors.iterateUntil(reactor, () -> reader.received().equals("abcdef"));
        assertThat(reader.reads).as("level-triggered: once per pass while data is left").isEqualTo(3);
    }

    @Test
    void writerIsToldWhileTheSocketIsWritable() {
        int[] pair = fds.socketpair();
        TestDescriptor writer = new TestDescriptor("writer", pair[0]);
        reactor.addWriter(writer);
        reactor.iterate(0);
        assertThat(writer.writes).isEqualTo(1);
        reactor.iterate(0);
        assertThat(writer.writes).isEqualTo(2);
        assertThat(writer.reads).isZero();
    }

    @Test
    void removeReaderAndRemoveWriterStopTheEvents() {
        int[] pair = fds.socketpair();
        TestDescriptor both = new TestDescriptor("both", pair[0]);
        reactor.addReader(both);
        reactor.addWriter(both);
        Fds.write(pair[1], "x");
        reactor.iterate(0);
        assertThat(both.reads).isEqualTo(1);
        assertThat(both.writes).isEqualTo(1);

        reactor.removeWriter(both);
        Fds.write(pair[1], "y");
        reactor.iterate(0);
        assertThat(both.reads).isEqualTo(2);
        assertThat(both.writes).as("no longer a writer").isEqualTo(1);

        reactor.removeReader(both);
        Fds.write(pair[1], "z");
        reactor.iterate(0.02);
        assertThat(both.reads).as("no longer a reader").isEqualTo(2);
        assertThat(both.received()).isEqualTo("xy");

        reactor.addReader(both);
        Reactors.iterateUntil(reactor, () -> both.received().equals("xyz"));
        reactor.removeReader(both);
        assertThat(both.lost).isEmpty();
    }

    @Test
    void getReadersGetWritersAndRemoveAll() {
        IReadDescriptor waker = waker();
        assertThat(reactor.getWriters()).isEmpty();
        int[] a = fds.socketpair();
        int[] b = fds.socketpair();
        TestDescriptor reader = new TestDescriptor("reader", a[0]);
        TestDescriptor writer = new TestDescriptor("writer", b[0]);
        TestDescriptor both = new TestDescriptor("both", a[1]);
        reactor.addReader(reader);
        reactor.addWriter(writer);
        reactor.addReader(both);
        reactor.addWriter(both);

        assertThat(reactor.getReaders()).containsExactlyInAnyOrder(waker, reader, both);
        assertThat(reactor.getWriters()).containsExactlyInAnyOrder(writer, both);

        List<IFileDescriptor> removed = reactor.removeAll();

        assertThat(removed).containsExactlyInAnyOrder(reader, writer, both).doesNotContain(waker);
        assertThat(reactor.getReaders()).containsExactly(waker);
        assertThat(reactor.getWriters()).isEmpty();
        assertThat(reactor.removeAll()).isEmpty();
        assertThat(reader.lost).isEmpty();
    }

    @Test
    void theWakerStillWorksAfterRemoveAll() throws InterruptedException {
        Thread[] poster = new Thread[1];
        long[] start = new long[1];
        reactor.callWhenRunning(() -> {
            assertThat(reactor.removeAll()).isEmpty();
            start[0] = System.nanoTime();
            // The reactor has nothing to do but wait (the watchdog is 15 s away): only the waker can end that.
            poster[0] = new Thread(() -> reactor.callFromThread(reactor::stop));
            poster[0].start();
        });
        Reactors.run(reactor);
        poster[0].join();
        assertThat((System.nanoTime() - start[0]) / 1e9).isLessThan(5);
    }

    @Test
    void aDescriptorWithoutANumberCannotBeAdded() {
        int[] pair = fds.socketpair();
        TestDescriptor closed = new TestDescriptor("closed", pair[0]);
        closed.pretendClosed();
        assertThatThrownBy(() -> reactor.addReader(closed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reactor.addWriter(closed)).isInstanceOf(IllegalArgumentException.class);
        assertThat(reactor.getReaders()).doesNotContain(closed);
    }

    @Test
    void removingWhatWasNeverAddedDoesNothing() {
        int[] pair = fds.socketpair();
        TestDescriptor stranger = new TestDescriptor("stranger", pair[0]);
        long calls = reactor.epollCtlCalls;
        reactor.removeReader(stranger);
        reactor.removeWriter(stranger);
        assertThat(reactor.epollCtlCalls).isEqualTo(calls);
    }

    @Test
    void noRedundantEpollCtl() {
        int[] pair = fds.socketpair();
        TestDescriptor d = new TestDescriptor("d", pair[0]);
        long base = reactor.epollCtlCalls;

        reactor.addReader(d);
        assertThat(reactor.epollCtlCalls - base).as("ADD").isEqualTo(1);
        reactor.addReader(d);
        assertThat(reactor.epollCtlCalls - base).as("already reading").isEqualTo(1);
        reactor.addWriter(d);
        assertThat(reactor.epollCtlCalls - base).as("MOD to read+write").isEqualTo(2);
        reactor.addWriter(d);
        reactor.addReader(d);
        assertThat(reactor.epollCtlCalls - base).as("nothing changes").isEqualTo(2);
        reactor.removeReader(d);
        assertThat(reactor.epollCtlCalls - base).as("MOD to write").isEqualTo(3);
        reactor.removeReader(d);
        assertThat(reactor.epollCtlCalls - base).as("not reading any more").isEqualTo(3);
        reactor.removeWriter(d);
        assertThat(reactor.epollCtlCalls - base).as("DEL").isEqualTo(4);
        reactor.removeWriter(d);
        reactor.removeReader(d);
        assertThat(reactor.epollCtlCalls - base).as("gone already").isEqualTo(4);

        // Polling itself never touches the registrations.
        reactor.addReader(d);
        Fds.write(pair[1], "x");
        long before = reactor.epollCtlCalls;
        Reactors.iterateUntil(reactor, () -> d.received().equals("x"));
        reactor.iterate(0);
        assertThat(reactor.epollCtlCalls).isEqualTo(before);
        reactor.removeReader(d);
    }

    @Test
    void thePollArrayGrowsWithTheNumberOfDescriptors() {
        int count = 150;
        List<TestDescriptor> readers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] pair = fds.socketpair();
            TestDescriptor reader = new TestDescriptor("reader " + i, pair[0]);
            readers.add(reader);
            reactor.addReader(reader);
            Fds.write(pair[1], "x");
        }
        assertThat(reactor.pollCapacity()).isEqualTo(64);
        java.lang.foreign.MemorySegment initial = reactor.pollArray();

        reactor.iterate(0);

        assertThat(initial.scope().isAlive()).as("the smaller array was freed when it grew").isFalse();

        assertThat(reactor.pollCapacity()).isGreaterThanOrEqualTo(count + 1);
        assertThat(readers).as("every ready descriptor is served in one pass")
                .allSatisfy(r -> assertThat(r.received()).isEqualTo("x"));
        reactor.removeAll();
    }

    @Test
    void selectablesAboveTheInitialTableSize() {
        // Fill numbers up past 256, the initial size of the per-descriptor tables.
        List<Integer> fillers = new ArrayList<>();
        try {
            int[] pair;
            do {
                fillers.add(Syscalls.eventfd(0, EventFd.EFD_CLOEXEC));
            } while (fillers.get(fillers.size() - 1) < 300);
            pair = fds.socketpair();
            assertThat(pair[0]).isGreaterThan(300);
            TestDescriptor reader = new TestDescriptor("high", pair[0]);
            reactor.addReader(reader);
            Fds.write(pair[1], "high");
            Reactors.iterateUntil(reactor, () -> reader.received().equals("high"));
            assertThat(reactor.getReaders()).contains(reader);
            reactor.removeReader(reader);
        } finally {
            fillers.forEach(Syscalls::close);
        }
    }

    /** The highest descriptor number open in this process. */
    private static int highestOpenFd() {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.map(p -> p.getFileName().toString()).mapToInt(Integer::parseInt).max().orElse(2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fills every free descriptor number below the highest one open, so that the next descriptor the kernel
     * hands out is the lowest one closed after this. Returns the fillers, for the caller to close.
     */
    private static List<Integer> fillDescriptorGaps() {
        List<Integer> fillers = new ArrayList<>();
        int highest = highestOpenFd();
        while (true) {
            int fd = Syscalls.eventfd(0, EventFd.EFD_CLOEXEC);
            if (fd > highest) {
                Syscalls.close(fd);
                return fillers;
            }
            fillers.add(fd);
        }
    }

    /**
     * Two socket pairs are readable before one poll; whichever of their readers runs first removes the other,
     * closes its descriptor and registers a new reader on a new pipe that got the same number. The other's event
     * is already in the batch: it must reach nobody, least of all the new reader.
     */
    private void reusedNumberWithinOneBatch(boolean removeBeforeClosing) {
        List<Integer> fillers = fillDescriptorGaps();
        try {
            int[] a = fds.socketpair();
            int[] b = fds.socketpair();
            TestDescriptor readerA = new TestDescriptor("A", a[0]);
            TestDescriptor readerB = new TestDescriptor("B", b[0]);
            List<TestDescriptor> newcomers = new ArrayList<>();
            List<int[]> numbers = new ArrayList<>();
            for (TestDescriptor[] pairing : new TestDescriptor[][] {{readerA, readerB}, {readerB, readerA}}) {
                TestDescriptor self = pairing[0];
                TestDescriptor other = pairing[1];
                self.onRead = () -> {
                    Throwable why = self.readAvailable();
                    if (newcomers.isEmpty()) {
                        int reused = other.fd();
                        if (removeBeforeClosing) {
                            reactor.removeReader(other);
                        }
                        fds.closed(reused);
                        other.close();
                        int[] pipe = fds.pipe();
                        numbers.add(new int[] {pipe[0], reused});
                        TestDescriptor newcomer = new TestDescriptor("new", pipe[0]);
                        newcomers.add(newcomer);
                        reactor.addReader(newcomer);
                        Fds.write(pipe[1], "fresh");
                    }
                    return why;
                };
                reactor.addReader(self);
            }
            Fds.write(a[1], "a");
            Fds.write(b[1], "b");

            reactor.doIteration(0); // one poll: both events in its batch

            assertThat(numbers).hasSize(1);
            assertThat(numbers.get(0)[0]).as("the new pipe's read end reuses the number just closed")
                    .isEqualTo(numbers.get(0)[1]);
            assertThat(readerA.reads + readerB.reads).as("only the first reader ran").isEqualTo(1);
            TestDescriptor newcomer = newcomers.get(0);
            assertThat(newcomer.reads).as("the stale event did not reach the new reader").isZero();
            assertThat(readerA.lost).isEmpty();
            assertThat(readerB.lost).isEmpty();

            reactor.doIteration(0);
            assertThat(newcomer.received()).as("its own event does, in the next poll").isEqualTo("fresh");
            assertThat(readerA.reads + readerB.reads).isEqualTo(1);
            assertThat(reactor.getReaders()).contains(newcomer).doesNotContain(readerA.fd() < 0 ? readerA : readerB);
            reactor.removeAll();
        } finally {
            fillers.forEach(Syscalls::close);
        }
    }

    @Test
    void aReusedNumberNeverGetsTheStaleEventOfItsPreviousOwner() {
        reusedNumberWithinOneBatch(true);
    }

    @Test
    void aReusedNumberClosedWithoutRemovalNeverGetsTheStaleEvent() {
        reusedNumberWithinOneBatch(false);
    }

    @Test
    void aNewSelectableOnANumberClosedBehindTheReactorsBackReplacesTheOld() {
        int[] pipe = fds.pipe();
        TestDescriptor old = new TestDescriptor("old", pipe[0]);
        reactor.addReader(old);
        fds.closed(pipe[0]);
        old.close(); // closed without removeReader: the kernel drops the registration, the reactor does not know
        int[] again = fds.pipe();
        assertThat(again[0]).isEqualTo(pipe[0]);
        TestDescriptor replacement = new TestDescriptor("replacement", again[0]);
        reactor.addReader(replacement);
        assertThat(reactor.getReaders()).contains(replacement).doesNotContain(old);
        Fds.write(again[1], "new");
        Reactors.iterateUntil(reactor, () -> replacement.received().equals("new"));
        assertThat(old.reads).isZero();
        reactor.removeReader(replacement);
    }

    @Test
    void selectablesWorkWhileTheReactorRuns() {
        int[] pair = fds.socketpair();
        TestDescriptor reader = new TestDescriptor("reader", pair[0]);
        reader.onRead = () -> {
            Throwable why = reader.readAvailable();
            if (reader.received().equals("ping")) {
                reactor.removeReader(reader);
                reactor.stop();
            }
            return why;
        };
        reactor.callWhenRunning(() -> {
            reactor.addReader(reader);
            reactor.callLater(0.01, () -> Fds.write(pair[1], "ping"));
        });
        Reactors.run(reactor);
        assertThat(reader.received()).isEqualTo("ping");
        assertThat(reader.lost).isEmpty();
    }
}
