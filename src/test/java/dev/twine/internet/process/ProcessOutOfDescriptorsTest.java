package dev.twine.internet.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ErrnoException;
import dev.twine.testing.DescriptorTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * spawnProcess when the process runs out of descriptors at each step it needs one (the pipes, the pidfd): it must
 * fail with an exception naming EMFILE, leave no descriptor and no child behind, and never leave the reactor broken;
 * with room enough, the child runs to its end.
 */
@Timeout(60)
class ProcessOutOfDescriptorsTest extends ProcessTestBase {
    @Test
    void spawningOutOfDescriptorsFailsCleanlyAtEveryStep() {
        // Warm up what the spawn and its failure use, so only the spawn itself is out of descriptors.
        sh("exit 0");
        Errno.exception("pipe2", Errno.EMFILE).getMessage();
        List<String> outcomes = new ArrayList<>();
        boolean succeeded = false;
        for (int free = 0; free <= 12 && !succeeded; free++) {
            long[] limit = Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE);
            List<Integer> fillers = new ArrayList<>();
            Recorder r = new Recorder();
            RuntimeException failure = null;
            // Room for a few fillers above the lowest free number, so that closing some leaves exactly that many free.
            Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, DescriptorTable.lowestFree() + 16, limit[1]);
            try {
                fillers.addAll(DescriptorTable.fill());
                for (int i = 0; i < free; i++) {
                    Syscalls.close(fillers.remove(fillers.size() - 1));
                }
                try {
                    spawn(r, "/bin/true");
                } catch (RuntimeException e) {
                    failure = e;
                }
            } finally {
                for (int fd : fillers) {
                    Syscalls.close(fd);
                }
                Syscalls.setrlimit(Syscalls.RLIMIT_NOFILE, limit[0], limit[1]);
            }
            if (failure == null) {
                succeeded = true;
                runUntil(r::ended);
                outcomes.add(free + " free: ran");
            } else {
                assertThat(causedByEmfile(failure)).as("%s free: %s", free, failure).isTrue();
                assertThat(r.events).as("no protocol event for a child that never started").isEmpty();
                outcomes.add(free + " free: " + failure.getClass().getSimpleName());
            }
        }
        System.out.println("spawn out of descriptors: " + outcomes);
        assertThat(succeeded).as("spawned once there was room: %s", outcomes).isTrue();
        assertThat(outcomes.get(0)).as("no room at all fails").doesNotContain("ran");
        // The reactor is fine afterwards.
        assertThat(sh("echo ok").text(1)).isEqualTo("ok\n");
    }

    private static boolean causedByEmfile(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ErrnoException e && e.errno() == Errno.EMFILE) {
                return true;
            }
            if (c.getMessage() != null && c.getMessage().contains("EMFILE")) {
                return true;
            }
        }
        return false;
    }
}
