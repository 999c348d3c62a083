package dev.twine.internet.epollreactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twine.internal.sys.Syscalls;
import dev.twine.testing.Fds;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.ResourceSnapshot;
import dev.twine.testing.TestDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** close(): what it releases, when it is refused, and what a closed reactor still allows. */
@Timeout(30)
class EPollReactorCloseTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withoutReactor();
    private LogCapture log;

    @BeforeEach
    void setUp() {
        log = fixture.log();
    }

    private static int epfd(EPollReactor reactor) {
        Matcher m = Pattern.compile("epfd=(\\d+)").matcher(reactor.toString());
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void closeReleasesTheEpollDescriptorTheWakerAndTheNativeMemory() {
        Set<String> fdsBefore = ResourceSnapshot.openFds();
        long nativeBefore = ResourceSnapshot.nativeBytes();
        EPollReactor reactor = new EPollReactor();
        try {
            Set<String> opened = new TreeSet<>(ResourceSnapshot.openFds());
            opened.removeAll(fdsBefore);
            opened.removeIf(fd -> fd.contains("/proc/")); // the listing's own directory descriptor
            assertThat(opened).as("what the reactor holds: its epoll instance and its eventfd waker")
                    .hasSize(2)
                    .anySatisfy(fd -> assertThat(fd).contains("eventpoll"))
                    .anySatisfy(fd -> assertThat(fd).contains("eventfd"));
            assertThat(reactor.pollArray().scope().isAlive()).isTrue();
            assertThat(ResourceSnapshot.nativeBytes()).as("an open reactor's event array is counted")
                    .isGreaterThanOrEqualTo(nativeBefore + reactor.pollArray().byteSize());
        } finally {
            reactor.close();
        }
        assertThat(reactor.pollArray().scope().isAlive()).as("the event array was freed").isFalse();
        assertThat(ResourceSnapshot.nativeBytes()).isLessThanOrEqualTo(nativeBefore);

        assertThat(reactor.toString()).contains("closed");
        // tearDown proves the descriptors and the native memory are back
    }

    @Test
    void closeAfterARunWithAPoolAndGrownEventArray() {
        EPollReactor reactor = new EPollReactor();
        try (Fds fds = new Fds()) {
            List<TestDescriptor> readers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                TestDescriptor reader = new TestDescriptor("r" + i, fds.socketpair()[0]);
                readers.add(reader);
                reactor.addReader(reader);
            }
            CountDownLatch worked = new CountDownLatch(1);
            reactor.callWhenRunning(() -> reactor.callInThread(() -> {
                worked.countDown();
                reactor.callFromThread(reactor::crash); // crash: the pool is left running for close to stop
            }));
            Reactors.run(reactor);
            assertThat(worked.getCount()).isZero();
            assertThat(reactor.pollCapacity()).isGreaterThan(64);
            java.lang.foreign.MemorySegment grown = reactor.pollArray();
            assertThat(grown.scope().isAlive()).isTrue();
            assertThat(ResourceSnapshot.twineThreads()).isNotEmpty();

            reactor.close();

            assertThat(grown.scope().isAlive()).as("the grown event array was freed").isFalse();
            assertThat(readers).as("registered descriptors belong to their owners: close leaves them open")
                    .allSatisfy(r -> assertThat(Syscalls.isOpen(r.fd())).isTrue());
            assertThat(readers).allSatisfy(r -> assertThat(r.lost).isEmpty());
        }
    }

    @Test
    void closeWhileRunningIsRefused() {
        EPollReactor reactor = new EPollReactor();
        List<String> events = new ArrayList<>();
        reactor.callWhenRunning(() -> {
            try {
                reactor.close();
                events.add("closed");
            } catch (IllegalStateException expected) {
                events.add("refused");
            }
            reactor.stop();
        });
        Reactors.run(reactor);
        assertThat(events).containsExactly("refused");
        reactor.close();
    }

    @Test
    void closeFromAnotherThreadWhileRunningIsRefused() throws InterruptedException {
        EPollReactor reactor = new EPollReactor();
        List<Throwable> outcome = new ArrayList<>();
        Thread[] closer = new Thread[1];
        reactor.callWhenRunning(() -> {
            closer[0] = new Thread(() -> {
                try {
                    reactor.close();
                } catch (Throwable t) {
                    synchronized (outcome) {
                        outcome.add(t);
                    }
                }
                reactor.callFromThread(reactor::stop);
            });
            closer[0].start();
        });
        Reactors.run(reactor);
        closer[0].join();
        assertThat(outcome).singleElement().isInstanceOf(IllegalStateException.class);
        reactor.close();
    }

    @Test
    void aClosedReactorRefusesToWork() {
        EPollReactor reactor = new EPollReactor();
        reactor.close();
        try (Fds fds = new Fds()) {
            TestDescriptor d = new TestDescriptor("d", fds.socketpair()[0]);
            List<Runnable> refused = List.of(
                    reactor::run,
                    () -> reactor.run(false),
                    () -> reactor.startRunning(false),
                    () -> reactor.iterate(0),
                    () -> reactor.doIteration(0),
                    () -> reactor.addReader(d),
                    () -> reactor.addWriter(d),
                    () -> reactor.callLater(0, () -> { }),
                    () -> reactor.callInThread(() -> { }),
                    reactor::getThreadPool);
            for (Runnable call : refused) {
                assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class);
            }
            assertThat(reactor.running()).isFalse();
            assertThat(ResourceSnapshot.twineThreads()).isEmpty();
        }
    }

    @Test
    void closeTwiceDoesNothing() {
        EPollReactor reactor = new EPollReactor();
        reactor.close();
        reactor.close();
        assertThat(reactor.toString()).contains("closed");
    }

    @Test
    void removingFromAClosedReactorNeverTouchesAnotherReactorsEpoll() {
        try (Fds fds = new Fds()) {
            int[] pair = fds.socketpair();
            EPollReactor first = new EPollReactor();
            TestDescriptor firstReader = new TestDescriptor("first", pair[0]);
            first.addReader(firstReader);
            int firstEpfd = epfd(first);
            first.close();

            try (EPollReactor second = new EPollReactor()) {
                // The kernel hands out the lowest free number: the second reactor's epoll most likely gets the
                // first's. Only then can a stale epoll_ctl on the first's number hit the second.
                assumeTrue(epfd(second) == firstEpfd, "the second epoll instance got another number");
                TestDescriptor secondReader = new TestDescriptor("second", pair[0]);
                second.addReader(secondReader);

                first.removeReader(firstReader); // must not DEL pair[0] from the second reactor's epoll
                first.removeWriter(firstReader);
                assertThat(first.removeAll()).isNotNull();

                Fds.write(pair[1], "still watched");
                Reactors.iterateUntil(second, () -> secondReader.received().equals("still watched"));
                second.removeReader(secondReader);
            }
        }
    }

    @Test
    void closeFromInsideAnEventHandlerIsRefusedAndTheReactorStaysUsable() {
        EPollReactor reactor = new EPollReactor();
        try (Fds fds = new Fds()) {
            int[] pair = fds.socketpair();
            List<Throwable> refused = new ArrayList<>();
            TestDescriptor reader = new TestDescriptor("closer", pair[0]) {
                @Override
                public Throwable doRead() {
                    try {
                        reactor.close();
                    } catch (IllegalStateException e) {
                        refused.add(e);
                    }
                    return super.doRead();
                }
            };
            reactor.addReader(reader);
            Fds.write(pair[1], "x");
            reactor.iterate(5);
            assertThat(refused).singleElement().satisfies(e ->
                    assertThat(e).hasMessageContaining("handling I/O events"));
            assertThat(reader.received()).isEqualTo("x");
            reactor.removeReader(reader);
        } finally {
            reactor.close();
        }
    }
}
