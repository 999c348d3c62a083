package dev.twine.internet.posixbase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionFdescWentAway;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.python.Failure;
import dev.twine.testing.Fds;
import dev.twine.testing.HalfCloseableTestDescriptor;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.TestDescriptor;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the reactor does with one readiness event (PollLikeMixin) and how it disconnects a descriptor
 * (DisconnectSelectableMixin), on real pipes and socket pairs through the epoll reactor: after Twisted's
 * {@code _PollLikeMixin._doReadOrWrite} and {@code _DisconnectSelectableMixin}.
 */
@Timeout(30)
class PollLikeMixinTest {
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

    private static void assertLostWith(TestDescriptor d, Class<? extends Throwable> exactly) {
        assertThat(d.lost).singleElement().satisfies(f -> assertThat(f.value()).isExactlyInstanceOf(exactly));
    }

    private void assertGone(TestDescriptor d) {
        assertThat(reactor.getReaders()).doesNotContain(d);
        assertThat(reactor.getWriters()).doesNotContain(d);
    }

    @Test
    void peerClosingASocketEndsTheReaderWithConnectionDoneFromDoRead() {
        int[] pair = fds.socketpair();
        TestDescriptor reader = new TestDescriptor("reader", pair[0]);
        reactor.addReader(reader);
        Fds.write(pair[1], "last words");
        fds.close(pair[1]);

        Reactors.iterateUntil(reactor, () -> !reader.lost.isEmpty());

        assertThat(reader.received()).as("the data before the end is read first").isEqualTo("last words");
        assertThat(reader.reads).as("doRead saw the data, then end of file").isEqualTo(2);
        assertLostWith(reader, ConnectionDone.class);
        assertGone(reader);
    }

    @Test
    void hangUpWithNothingToReadEndsAReaderWithConnectionDoneWithoutDoRead() {
        // A pipe's read end whose write end closed reports EPOLLHUP without EPOLLIN once it is drained.
        int[] pipe = fds.pipe();
        TestDescriptor reader = new TestDescriptor("reader", pipe[0]);
        reactor.addReader(reader);
        fds.close(pipe[1]);

        Reactors.iterateUntil(reactor, () -> !reader.lost.isEmpty());

        assertThat(reader.reads).isZero();
        assertLostWith(reader, ConnectionDone.class);
        assertGone(reader);
    }

    @Test
    void hangUpOfAWriterOnlyRegistrationIsConnectionLost() {
        // A pipe's write end whose read end closed reports EPOLLERR (and EPOLLOUT), never EPOLLIN.
        int[] pipe = fds.pipe();
        TestDescriptor writer = new TestDescriptor("writer", pipe[1]);
        reactor.addWriter(writer);
        fds.close(pipe[0]);

        Reactors.iterateUntil(reactor, () -> !writer.lost.isEmpty());

        assertThat(writer.writes).as("no doWrite on a descriptor that is gone").isZero();
        assertLostWith(writer, ConnectionLost.class);
        assertGone(writer);
    }

    @Test
    void hangUpOfAWriterOnlySocketIsConnectionLost() {
        int[] pair = fds.socketpair();
        TestDescriptor writer = new TestDescriptor("writer", pair[0]);
        writer.onWrite = () -> null;
        reactor.addWriter(writer);
        reactor.iterate(0);
        assertThat(writer.writes).isEqualTo(1);
        fds.close(pair[1]);

        Reactors.iterateUntil(reactor, () -> !writer.lost.isEmpty());

        assertLostWith(writer, ConnectionLost.class);
        assertGone(writer);
    }

    @Test
    void halfCloseableReaderGetsReadConnectionLostOnAHangUp() {
        int[] pipe = fds.pipe();
        HalfCloseableTestDescriptor reader = new HalfCloseableTestDescriptor("half", pipe[0]);
        reactor.addReader(reader);
        fds.close(pipe[1]);

        Reactors.iterateUntil(reactor, () -> !reader.readLost.isEmpty());

        assertThat(reader.readLost).singleElement()
                .satisfies(f -> assertThat(f.value()).isExactlyInstanceOf(ConnectionDone.class));
        assertThat(reader.lost).as("the write side may go on").isEmpty();
        assertThat(reader.writeLost).isEmpty();
        assertGone(reader);
    }

    @Test
    void halfCloseableReaderGetsReadConnectionLostAtEndOfFileAndItsWriterGoesOn() {
        int[] pair = fds.socketpair();
        HalfCloseableTestDescriptor both = new HalfCloseableTestDescriptor("half", pair[0]);
        reactor.addReader(both);
        Fds.write(pair[1], "bye");
        fds.close(pair[1]);

        Reactors.iterateUntil(reactor, () -> !both.readLost.isEmpty());
        assertThat(both.received()).isEqualTo("bye");
        assertThat(both.lost).isEmpty();
        assertGone(both);

        // Now as reader and writer: the read side ends cleanly first, then the hang-up ends the writer.
        int[] pair2 = fds.socketpair();
        HalfCloseableTestDescriptor rw = new HalfCloseableTestDescriptor("rw", pair2[0]);
        reactor.addReader(rw);
        reactor.addWriter(rw);
        fds.close(pair2[1]);
        Reactors.iterateUntil(reactor, () -> !rw.lost.isEmpty());
        assertThat(rw.readLost).singleElement()
                .satisfies(f -> assertThat(f.value()).isExactlyInstanceOf(ConnectionDone.class));
        assertLostWith(rw, ConnectionLost.class);
        assertGone(rw);
    }

    @Test
    void aHalfCloseableDescriptorFailingOtherwiseLosesTheWholeConnection() {
        int[] pair = fds.socketpair();
        HalfCloseableTestDescriptor reader = new HalfCloseableTestDescriptor("half", pair[0]);
        reader.onRead = () -> new ConnectionLost("broken");
        reactor.addReader(reader);
        reactor.addWriter(reader);
        Fds.write(pair[1], "x");
        Reactors.iterateUntil(reactor, () -> !reader.lost.isEmpty());
        assertThat(reader.readLost).isEmpty();
        assertLostWith(reader, ConnectionLost.class);
        assertThat(reader.writes).as("doWrite is skipped once doRead ended the connection").isZero();
        assertGone(reader);
    }

    @Test
    void aSelectableWhoseFilenoIsMinusOneIsLostWithConnectionFdescWentAway() {
        int[] pair = fds.socketpair();
        TestDescriptor reader = new TestDescriptor("reader", pair[0]);
        reactor.addReader(reader);
        reader.pretendClosed();
        Fds.write(pair[1], "x");

        Reactors.iterateUntil(reactor, () -> !reader.lost.isEmpty());

        assertThat(reader.reads).isZero();
        assertLostWith(reader, ConnectionFdescWentAway.class);
        assertGone(reader);
        Fds.write(pair[1], "y");
        reactor.iterate(0.01);
        assertThat(reader.reads).as("it really left epoll").isZero();
    }

    @Test
    void anExceptionFromDoReadDisconnectsThatSelectableOnly() {
        int[] bad = fds.socketpair();
        int[] good = fds.socketpair();
        TestDescriptor failing = new TestDescriptor("failing", bad[0]);
        failing.onRead = () -> {
            throw new IllegalStateException("doRead fails");
        };
        TestDescriptor working = new TestDescriptor("working", good[0]);
        reactor.addReader(failing);
        reactor.addReader(working);
        Fds.write(bad[1], "x");
        Fds.write(good[1], "1");

        Reactors.iterateUntil(reactor, () -> !failing.lost.isEmpty() && working.received().equals("1"));
        assertThat(failing.lost).singleElement().satisfies(f -> assertThat(f.value())
                .isInstanceOf(IllegalStateException.class).hasMessage("doRead fails"));
        assertGone(failing);
        assertThat(log.flushErrors(IllegalStateException.class)).isEqualTo(1);

        Fds.write(bad[1], "y");
        Fds.write(good[1], "2");
        Reactors.iterateUntil(reactor, () -> working.received().equals("12"));
        assertThat(failing.reads).isEqualTo(1);
        assertThat(working.lost).isEmpty();
        reactor.removeReader(working);
    }

    @Test
    void aSelectableWhoseDisconnectAlsoFailsIsNotDispatchedAgain() {
        int[] pair = fds.socketpair();
        boolean[] broken = {false};
        // Once broken, even fileno() throws: the reactor cannot disconnect it the usual way (removeReader asks it
        // for its number), so the failure escapes the disconnect itself.
        TestDescriptor selectable = new TestDescriptor("broken", pair[0]) {
            @Override
            public int fileno() {
                if (broken[0]) {
                    throw new IllegalStateException("fileno fails");
                }
                return super.fileno();
            }
        };
        reactor.addReader(selectable);
        broken[0] = true;
        Fds.write(pair[1], "x");
        for (int i = 0; i < 20; i++) {
            reactor.iterate(0);
        }
        // Its data is still unread, so a level-triggered registration left behind would fire on every pass.
        assertThat(log.flushErrors(IllegalStateException.class)).as("one report, not one per pass").isLessThanOrEqualTo(2);
        assertThat(selectable.reads).isZero();
        broken[0] = false;
        assertThat(reactor.getReaders()).doesNotContain(selectable);
    }

    @Test
    void anExceptionFromDoWriteDisconnectsTheSelectable() {
        int[] pair = fds.socketpair();
        TestDescriptor writer = new TestDescriptor("writer", pair[0]);
        writer.onWrite = () -> {
            throw new IllegalStateException("doWrite fails");
        };
        reactor.addReader(writer);
        reactor.addWriter(writer);
        Reactors.iterateUntil(reactor, () -> !writer.lost.isEmpty());
        assertThat(writer.lost.get(0).value()).hasMessage("doWrite fails");
        assertGone(writer);
        assertThat(log.flushErrors(IllegalStateException.class)).isEqualTo(1);
    }

    @Test
    void aReasonReturnedByDoReadOrDoWriteDisconnects() {
        int[] pair = fds.socketpair();
        TestDescriptor reader = new TestDescriptor("reader", pair[0]);
        reader.onRead = () -> new IllegalArgumentException("reader gives up");
        reactor.addReader(reader);
        Fds.write(pair[1], "x");
        int[] pair2 = fds.socketpair();
        TestDescriptor writer = new TestDescriptor("writer", pair2[0]);
        writer.onWrite = () -> new ConnectionDone("writer is done");
        reactor.addWriter(writer);

        Reactors.iterateUntil(reactor, () -> !reader.lost.isEmpty() && !writer.lost.isEmpty());

        assertLostWith(reader, IllegalArgumentException.class);
        assertLostWith(writer, ConnectionDone.class);
        assertGone(reader);
        assertGone(writer);
        assertThat(log.errors()).as("a returned reason is not an error to log").isEmpty();
    }

    @Test
    void connectionLostThrowingIsContainedToThatEvent() {
        int[] a = fds.socketpair();
        int[] b = fds.socketpair();
        TestDescriptor first = new TestDescriptor("first", a[0]);
        first.onLost = () -> {
            throw new IllegalStateException("connectionLost fails");
        };
        TestDescriptor second = new TestDescriptor("second", b[0]);
        reactor.addReader(first);
        reactor.addReader(second);
        fds.close(a[1]);
        fds.close(b[1]);
        Reactors.iterateUntil(reactor, () -> !first.lost.isEmpty() && !second.lost.isEmpty());
        assertLostWith(second, ConnectionDone.class);
        assertGone(first);
        assertGone(second);
        assertThat(log.flushErrors(IllegalStateException.class)).isEqualTo(1);
    }

    @Test
    void disconnectSelectableOnItsOwn() {
        // The mixin's rule, apart from any poller: a clean read end of a half-closeable only closes that side.
        List<String> calls = new java.util.ArrayList<>();
        DisconnectSelectableMixin mixin = new DisconnectSelectableMixin() {
            @Override
            public void removeReader(dev.twine.internet.interfaces.IReadDescriptor reader) {
                calls.add("removeReader");
            }

            @Override
            public void removeWriter(dev.twine.internet.interfaces.IWriteDescriptor writer) {
                calls.add("removeWriter");
            }
        };
        HalfCloseableTestDescriptor half = new HalfCloseableTestDescriptor("half", 1000);
        mixin.disconnectSelectable(half, new ConnectionDone("eof"), true);
        assertThat(calls).containsExactly("removeReader");
        assertThat(half.readLost).hasSize(1);
        assertThat(half.lost).isEmpty();

        calls.clear();
        mixin.disconnectSelectable(half, new ConnectionDone("eof while writing"), false);
        assertThat(calls).containsExactly("removeReader", "removeWriter");
        assertThat(half.lost).hasSize(1);

        calls.clear();
        TestDescriptor plain = new TestDescriptor("plain", 1001);
        mixin.disconnectSelectable(plain, new ConnectionDone("eof"), true);
        assertThat(calls).containsExactly("removeReader", "removeWriter");
        assertThat(plain.lost).singleElement().extracting(Failure::value).isInstanceOf(ConnectionDone.class);
    }
}
