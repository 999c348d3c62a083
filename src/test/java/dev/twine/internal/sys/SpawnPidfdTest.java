package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.error.ErrnoException;
import dev.twine.testing.ReactorFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Spawn}, {@link Pidfd} and {@link Pty} straight against the kernel, without a reactor. */
@Timeout(20)
class SpawnPidfdTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withoutReactor();

    private static int spawn(List<String> argv, Spawn.FileActions actions) {
        return Spawn.spawn(argv.get(0), argv, List.of(), actions, false);
    }

    @Test
    void reapReportsRunningThenTheExitStatus() {
        int[] stdin = Syscalls.pipe(Syscalls.O_CLOEXEC);
        int pid;
        try (Spawn.FileActions actions = new Spawn.FileActions().dup2(stdin[0], 0).closeFrom(1)) {
            pid = spawn(List.of("/bin/sh", "-c", "read x; exit 42"), actions);
        }
        Syscalls.close(stdin[0]);
        int pidfd = Pidfd.open(pid);
        try {
            assertThat(Pidfd.reap(pidfd)).isEqualTo(Pidfd.RUNNING);
            Syscalls.close(stdin[1]);
            assertThat(Pidfd.reapBlocking(pidfd)).isEqualTo(42 << 8);
            assertThat(Pidfd.sendSignal(pidfd, 15)).as("reaped: ESRCH").isFalse();
        } finally {
            Syscalls.close(pidfd);
        }
    }

    @Test
    void aSignalEndingTheChildIsItsStatus() {
        int pid;
        try (Spawn.FileActions actions = new Spawn.FileActions().closeFrom(0)) {
            pid = spawn(List.of("/bin/sleep", "30"), actions);
        }
        int pidfd = Pidfd.open(pid);
        try {
            assertThat(Pidfd.sendSignal(pidfd, 9)).isTrue();
            assertThat(Pidfd.reapBlocking(pidfd)).isEqualTo(9);
        } finally {
            Syscalls.close(pidfd);
        }
    }

    /** The fallback for a child whose pidfd could not be opened: killed and reaped by its number. */
    @Test
    void aChildWithoutPidfdIsReapedByPid() {
        int pid;
        try (Spawn.FileActions actions = new Spawn.FileActions().closeFrom(0)) {
            pid = spawn(List.of("/bin/sleep", "30"), actions);
        }
        Syscalls.kill(pid, 9);
        assertThat(Pidfd.reapByPid(pid)).isEqualTo(9);
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/" + pid))).isFalse();
    }

    @Test
    void execFailuresAreErrorsOfTheCall() {
        try (Spawn.FileActions actions = new Spawn.FileActions()) {
            assertThatThrownBy(() -> spawn(List.of("/no/such/program"), actions))
                    .isInstanceOf(ErrnoException.class).hasMessageContaining("ENOENT");
            // execve refuses anything but a regular file with EACCES.
            assertThatThrownBy(() -> spawn(List.of("/proc/version"), actions))
                    .isInstanceOf(ErrnoException.class).hasMessageContaining("EACCES");
        }
        try (Spawn.FileActions actions = new Spawn.FileActions().chdir("/no/such/dir")) {
            assertThatThrownBy(() -> spawn(List.of("/bin/true"), actions))
                    .isInstanceOf(ErrnoException.class).hasMessageContaining("ENOENT");
        }
    }

    @Test
    void aPtyMasterNamesItsSlaveAndKeepsItsWindowSize() {
        int master = Pty.openMaster();
        try {
            assertThat(Pty.slaveName(master)).startsWith("/dev/pts/");
            Pty.setWindowSize(master, 50, 132);
            assertThat(Pty.windowSize(master)).containsExactly(50, 132);
        } finally {
            Syscalls.close(master);
        }
    }
}
