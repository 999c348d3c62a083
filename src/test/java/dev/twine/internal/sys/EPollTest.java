package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.epoll_event;
import dev.twine.testing.ResourceSnapshot;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code struct epoll_event} as the kernel lays it out, and {@link EPoll}'s accessors reading back what the kernel
 * wrote: the user data survives the unaligned, packed {@code data} field at every index of the poll array.
 */
@Timeout(20)
class EPollTest {
    private static final int SOCK_TYPE = LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();

    static final long BOUNCE_BYTES = 64 * 1024;

    private ResourceSnapshot before;

    @BeforeEach
    void snapshot() {
        // The JDK 22-23 path copies heap arrays through a per-thread native buffer that lives as long as the
        // thread: allocate it before the snapshot, as the snapshot does for the rest of the thread's frame.
        ThreadFrame.current().bounce(BOUNCE_BYTES);
        before = ResourceSnapshot.take();
    }

    @AfterEach
    void nothingLeaked() {
        before.assertNothingLeaked();
    }

    @Test
    void epollEventIsPackedTwelveBytesOnX86_64() {
        assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");
        assertThat(epoll_event.layout().byteSize()).isEqualTo(12);
        assertThat(epoll_event.events$offset()).isZero();
        assertThat(epoll_event.data$offset()).isEqualTo(4);
        assertThat(EPoll.EVENT_SIZE).isEqualTo(12);
    }

    @Test
    void dataAndEventsComeBackFromTheKernel() {
        long data = 0x1234_5678_9ABC_DEF0L;
        int epfd = EPoll.create();
        int[] pair = Syscalls.socketpair(LibC.AF_UNIX(), SOCK_TYPE, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = EPoll.allocatePollArray(arena, 8);
            assertThat(events.byteSize()).isEqualTo(8 * EPoll.EVENT_SIZE);
            assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_ADD, pair[0], EPoll.EPOLLIN, data)).isZero();

            assertThat(EPoll.wait(epfd, events, 8, 0)).as("nothing written yet").isZero();
            assertThat(Syscalls.write(pair[1], new byte[] {42}, 0, 1)).isEqualTo(1);

            assertThat(EPoll.wait(epfd, events, 8, 5_000)).isEqualTo(1);
            assertThat(EPoll.getData(events, 0)).isEqualTo(data);
            assertThat(EPoll.getEvents(events, 0) & EPoll.EPOLLIN).isEqualTo(EPoll.EPOLLIN);
            // The same bytes read straight from the struct's declared offsets.
            assertThat(events.get(ValueLayout.JAVA_LONG_UNALIGNED, epoll_event.data$offset())).isEqualTo(data);
            assertThat(events.get(ValueLayout.JAVA_INT_UNALIGNED, epoll_event.events$offset()))
                    .isEqualTo(EPoll.getEvents(events, 0));
        } finally {
            Syscalls.close(pair[0]);
            Syscalls.close(pair[1]);
            Syscalls.close(epfd);
        }
    }

    @Test
    void severalEventsAtIndexesBeyondZero() {
        int count = 5;
        int epfd = EPoll.create();
        int[][] pairs = new int[count][];
        try (Arena arena = Arena.ofConfined()) {
            Map<Long, Integer> expected = new HashMap<>();
            for (int i = 0; i < count; i++) {
                pairs[i] = Syscalls.socketpair(LibC.AF_UNIX(), SOCK_TYPE, 0);
                // Distinct high and low halves, so a data field read at a wrong offset cannot match by chance.
                long data = (0xA5A5_0000_0000_0000L | ((long) i << 40)) + 0x0F0F_0000L + i;
                expected.put(data, i);
                // Every other descriptor is also watched for writing, so the masks differ from event to event.
                int mask = EPoll.EPOLLIN | (i % 2 == 0 ? EPoll.EPOLLOUT : 0);
                assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_ADD, pairs[i][0], mask, data)).isZero();
                assertThat(Syscalls.write(pairs[i][1], new byte[] {(byte) i}, 0, 1)).isEqualTo(1);
            }
            MemorySegment events = EPoll.allocatePollArray(arena, count + 3);
            int n = EPoll.wait(epfd, events, count + 3, 5_000);
            assertThat(n).isEqualTo(count);

            Map<Long, Integer> seen = new HashMap<>();
            for (int i = 0; i < n; i++) {
                long data = EPoll.getData(events, i);
                int mask = EPoll.getEvents(events, i);
                assertThat(expected).containsKey(data);
                int which = expected.get(data);
                assertThat(mask & EPoll.EPOLLIN).as("event %d", i).isEqualTo(EPoll.EPOLLIN);
                assertThat(mask & EPoll.EPOLLOUT).as("event %d", i)
                        .isEqualTo(which % 2 == 0 ? EPoll.EPOLLOUT : 0);
                // The accessor agrees with the raw struct at index i.
                assertThat(events.get(ValueLayout.JAVA_LONG_UNALIGNED,
                        i * epoll_event.layout().byteSize() + epoll_event.data$offset())).isEqualTo(data);
                seen.put(data, which);
            }
            assertThat(seen).isEqualTo(expected);
        } finally {
            for (int[] pair : pairs) {
                if (pair != null) {
                    Syscalls.close(pair[0]);
                    Syscalls.close(pair[1]);
                }
            }
            Syscalls.close(epfd);
        }
    }

    @Test
    void ctlReportsErrnoInsteadOfThrowing() {
        int epfd = EPoll.create();
        int[] pair = Syscalls.socketpair(LibC.AF_UNIX(), SOCK_TYPE, 0);
        try {
            assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_DEL, pair[0], 0, 0)).isEqualTo(Errno.ENOENT);
            assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_ADD, pair[0], EPoll.EPOLLIN, 1)).isZero();
            assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_ADD, pair[0], EPoll.EPOLLIN, 1)).isEqualTo(Errno.EEXIST);
            assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_MOD, pair[0], EPoll.EPOLLOUT, 2)).isZero();
            assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_DEL, pair[0], 0, 0)).isZero();
            assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_ADD, -1, EPoll.EPOLLIN, 1)).isEqualTo(Errno.EBADF);
        } finally {
            Syscalls.close(pair[0]);
            Syscalls.close(pair[1]);
            Syscalls.close(epfd);
        }
    }
}
