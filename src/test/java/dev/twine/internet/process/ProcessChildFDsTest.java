package dev.twine.internet.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ProcessDone;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.internet.interfaces.SpawnOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProcessChildFDsTest extends ProcessTestBase {

    private IProcessTransport bash(Recorder r, Map<Integer, Object> childFDs, String script) {
        return reactor().spawnProcess(r, "/usr/bin/bash", List.of("bash", "-c", script),
                SpawnOptions.defaults().childFDs(childFDs));
    }

    private static String drain(int fd) {
        byte[] buffer = new byte[4096];
        int n = Syscalls.read(fd, buffer, 0, buffer.length);
        return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void childWritesFdThreeAndReadsFdFour() {
        Recorder r = new Recorder();
        IProcessTransport p = bash(r, Map.of(0, "w", 1, "r", 2, "r", 3, "r", 4, "w"),
                "echo to-three >&3; read line <&4; echo \"got $line\"");
        p.writeToChild(4, "hello\n".getBytes(StandardCharsets.US_ASCII));
        p.closeChildFD(4);
        runUntil(r::ended);
        assertThat(r.text(3)).isEqualTo("to-three\n");
        assertThat(r.text(1)).isEqualTo("got hello\n");
        assertThat(r.events).contains("childConnectionLost 3", "childConnectionLost 4");
        assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
    }

    @Test
    void writingToAReadPipeIsRefused() {
        Recorder r = new Recorder();
        IProcessTransport p = bash(r, Map.of(0, "w", 1, "r", 2, "r"), "cat >/dev/null");
        assertThatThrownBy(() -> p.writeToChild(1, new byte[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("child fd 1");
        assertThatThrownBy(() -> p.writeToChild(7, new byte[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("child fd 7");
        p.closeStdin();
        runUntil(r::ended);
    }

    @Test
    void aParentDescriptorIsPassedStraightThrough() {
        int[] pipe = fixture.fds().pipe();
        Recorder r = new Recorder();
        bash(r, Map.of(1, pipe[1], 2, "r"), "echo straight-through");
        runUntil(r::ended);
        assertThat(drain(pipe[0])).isEqualTo("straight-through\n");
    }

    /** Each target number is also the other mapping's source: copied in the wrong order both would be one pipe. */
    @Test
    void crossedDescriptorsAreNotClobbered() {
        int[] a = fixture.fds().pipe();
        int[] b = fixture.fds().pipe();
        Recorder r = new Recorder();
        bash(r, Map.of(1, "r", 2, "r", a[1], b[1], b[1], a[1]),
                "echo to-a-number >&" + a[1] + "; echo to-b-number >&" + b[1]);
        runUntil(r::ended);
        assertThat(r.text(2)).isEmpty();
        assertThat(drain(b[0])).isEqualTo("to-a-number\n");
        assertThat(drain(a[0])).isEqualTo("to-b-number\n");
    }

    @Test
    void aSourceEqualToItsTargetStaysOpen() {
        int[] pipe = fixture.fds().pipe();
        Recorder r = new Recorder();
        bash(r, Map.of(1, "r", pipe[1], pipe[1]), "echo same-number >&" + pipe[1]);
        runUntil(r::ended);
        assertThat(drain(pipe[0])).isEqualTo("same-number\n");
    }

    @Test
    void descriptorsNotNamedAreClosedInTheChild() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/bin/ls", List.of("ls", "/proc/self/fd"),
                SpawnOptions.defaults().childFDs(Map.of(0, "w", 1, "r", 2, "r", 5, "r")));
        runUntil(r::ended);
        Set<Integer> open = r.text(1).lines().map(Integer::parseInt).collect(Collectors.toCollection(TreeSet::new));
        // ls's own descriptor for the directory it lists takes the lowest free number, 3.
        assertThat(open).containsExactly(0, 1, 2, 3, 5);
    }

    @Test
    void noStdinAtAllIsAllowed() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/bin/ls", List.of("ls", "/proc/self/fd"),
                SpawnOptions.defaults().childFDs(Map.of(1, "r")));
        runUntil(r::ended);
        assertThat(r.text(1).lines().toList()).containsExactlyInAnyOrder("0", "1");
        // write() to a child without stdin is dropped, as in Twisted.
        r.processTransport().write(new byte[1]);
    }

    @Test
    void badChildFDsAreRefused() {
        assertThatThrownBy(() -> SpawnOptions.defaults().childFDs(Map.of(0, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("childFDs[0]");
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "/bin/true", List.of("true"),
                SpawnOptions.defaults().childFDs(Map.of(0, 987654))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("987654");
    }

    @Test
    void nothingIsLeftOpenWhenTheSpawnFails() {
        int[] before = openFds();
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "/no/such", List.of("x"),
                SpawnOptions.defaults().childFDs(Map.of(0, "w", 1, "r", 2, "r", 3, "r"))));
        assertThat(openFds()).isEqualTo(before);
    }

    private static int[] openFds() {
        try (var entries = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return entries.map(p -> Integer.parseInt(p.getFileName().toString())).mapToInt(Integer::intValue)
                    .sorted().toArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
