package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.linux.LibC;
import dev.twine.testing.ResourceSnapshot;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EventArray}: what a poll reports reads back by name, growth frees the smaller array and keeps its
 * contents' meaning (none: a grown array starts empty), and closing frees the memory once.
 */
@Timeout(20)
class EventArrayTest {
    private static final int SOCK_TYPE = LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();

    private ResourceSnapshot before;

    @BeforeEach
    void snapshot() {
        ThreadFrame.current().bounce(EPollTest.BOUNCE_BYTES);
        before = ResourceSnapshot.take();
    }

    @AfterEach
    void nothingLeaked() {
        before.assertNothingLeaked();
    }

    @Test
    void aPollIsReadBackByIndexAndByName() {
        int epfd = EPoll.create();
        int[] pair = Syscalls.socketpair(LibC.AF_UNIX(), SOCK_TYPE, 0);
        try (EventArray events = new EventArray(4)) {
            assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_ADD, pair[0], EPoll.EPOLLIN | EPoll.EPOLLOUT, 77L)).isZero();
            assertThat(events.poll(epfd, 5_000)).isEqualTo(1);
            assertThat(events.count()).isEqualTo(1);
            assertThat(events.data(0)).isEqualTo(77L);
            int mask = events.events(0);
            assertThat(EPoll.isWritable(mask)).as("an idle socket can be written").isTrue();
            assertThat(EPoll.isReadable(mask)).as("nothing sent yet").isFalse();
            assertThat(EPoll.isDisconnected(mask)).isFalse();

            Syscalls.close(pair[1]);
            pair[1] = -1;
            assertThat(events.poll(epfd, 5_000)).isEqualTo(1);
            mask = events.events(0);
            assertThat(EPoll.isHangUp(mask)).as("the peer closed").isTrue();
            assertThat(EPoll.isDisconnected(mask)).isTrue();
            assertThat(EPoll.isReadable(mask)).as("end of file reads as readable").isTrue();
            assertThat(EPoll.isError(mask)).isFalse();
        } finally {
            Syscalls.close(pair[0]);
            if (pair[1] >= 0) {
                Syscalls.close(pair[1]);
            }
            Syscalls.close(epfd);
        }
    }

    @Test
    void growingFreesTheSmallerArrayAndDoubles() {
        long nativeBefore = ResourceSnapshot.nativeBytes();
        EventArray events = new EventArray(8);
        MemorySegment small = events.segment();
        assertThat(ResourceSnapshot.nativeBytes()).isGreaterThanOrEqualTo(nativeBefore + small.byteSize());

        events.ensureCapacity(8);
        assertThat(events.segment()).as("room enough: nothing changes").isSameAs(small);

        events.ensureCapacity(20);
        assertThat(events.capacity()).isEqualTo(32);
        assertThat(events.segment().byteSize()).isEqualTo(32 * EPoll.EVENT_SIZE);
        assertThat(small.scope().isAlive()).as("the smaller array was freed").isFalse();
        assertThat(events.count()).as("a new array holds no events").isZero();

        MemorySegment grown = events.segment();
        events.close();
        assertThat(grown.scope().isAlive()).isFalse();
        events.close(); // twice: nothing
        assertThat(ResourceSnapshot.nativeBytes()).isLessThanOrEqualTo(nativeBefore);
    }

    @Test
    void anEmptyArrayIsRefused() {
        assertThatThrownBy(() -> new EventArray(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one event");
    }
}
