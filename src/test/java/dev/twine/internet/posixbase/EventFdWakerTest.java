package dev.twine.internet.posixbase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.sys.Syscalls;
import dev.twine.testing.ResourceSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The eventfd waker on its own. */
@Timeout(30)
class EventFdWakerTest {
    @Test
    void wakeUpMakesItReadableAndDoReadDrainsIt() {
        ResourceSnapshot snapshot = ResourceSnapshot.take();
        EventFdWaker waker = new EventFdWaker();
        int fd = waker.fileno();
        try {
            assertThat(Syscalls.isOpen(fd)).isTrue();
            byte[] counter = new byte[8];
            assertThat(Syscalls.read(fd, counter, 0, 8)).as("not signalled yet").isEqualTo(Syscalls.WOULD_BLOCK);
            waker.wakeUp();
            waker.wakeUp();
            assertThat(waker.doRead()).isNull();
            assertThat(Syscalls.read(fd, counter, 0, 8)).as("drained").isEqualTo(Syscalls.WOULD_BLOCK);
            assertThat(waker.doRead()).as("draining an empty waker is fine").isNull();
            assertThat(waker.logPrefix()).isEqualTo("EventFdWaker");
        } finally {
            waker.close();
        }
        assertThat(waker.fileno()).isEqualTo(-1);
        waker.wakeUp(); // after close: nothing, never a write to a reused number
        waker.close(); // twice: nothing
        snapshot.assertNothingLeaked();
    }
}
