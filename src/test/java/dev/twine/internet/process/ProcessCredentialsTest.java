package dev.twine.internet.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twine.internal.sys.Spawn;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.ProcessDone;
import dev.twine.internet.error.ProcessSpawnError;
import dev.twine.internet.interfaces.SpawnOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** uid/gid for real: the suite runs as root, and the child runs as nobody (65534). */
@Timeout(60)
class ProcessCredentialsTest extends ProcessTestBase {
    private static final int NOBODY = 65534;

    @Test
    void childRunsAsNobody() {
        assumeTrue(Spawn.geteuid() == 0, "needs root");
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/bin/sh", List.of("sh", "-c", "id -u; id -g; id -G"),
                SpawnOptions.defaults().uid(NOBODY).gid(NOBODY).env(java.util.Map.of("PATH", "/usr/bin:/bin")));
        runUntil(r::ended);
        assertThat(r.text(2)).isEmpty();
        assertThat(r.text(1)).isEqualTo(NOBODY + "\n" + NOBODY + "\n" + NOBODY + "\n");
        assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
    }

    @Test
    void uidAloneKeepsTheGroup() {
        assumeTrue(Spawn.geteuid() == 0, "needs root");
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/usr/bin/id", List.of("id", "-u"), SpawnOptions.defaults().uid(NOBODY));
        runUntil(r::ended);
        assertThat(r.text(1)).isEqualTo(NOBODY + "\n");
    }

    @Test
    void ownCredentialsNeedNoTrampoline() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/bin/sh", List.of("my-name", "-c", "echo $0; id -u"),
                SpawnOptions.defaults().uid(Spawn.geteuid()).gid(Spawn.getegid()));
        runUntil(r::ended);
        assertThat(r.text(1)).isEqualTo("my-name\n" + Spawn.geteuid() + "\n");
    }

    @Test
    void aMissingProgramIsReportedBeforeTheTrampolineRuns() {
        assumeTrue(Spawn.geteuid() == 0, "needs root");
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "/no/such/program", List.of("x"),
                SpawnOptions.defaults().uid(NOBODY))).isInstanceOf(ErrnoException.class)
                .hasMessageContaining("ENOENT").hasMessageContaining("/no/such/program");
    }

    @Test
    void withoutRootChangingUserIsAClearError() {
        assumeTrue(Spawn.geteuid() != 0, "only without root");
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "/bin/true", List.of("true"),
                SpawnOptions.defaults().uid(Spawn.geteuid() + 1))).isInstanceOf(ProcessSpawnError.class)
                .hasMessageContaining("needs root");
    }
}
