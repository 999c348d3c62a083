package dev.twine.internet.process;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.twine.internet.interfaces.ChildFD.inherit;
import static dev.twine.internet.interfaces.ChildFD.read;
import static dev.twine.internet.interfaces.ChildFD.write;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ProcessDone;
import dev.twine.internet.interfaces.ChildFD;
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

    private IProcessTransport bash(Recorder r, Map<Integer, ChildFD> childFDs, String script) {
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
        IProcessTransport p = bash(r, Map.of(0, write(), 1, read(), 2, read(), 3, read(), 4, write()),
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
        IProcessTransport p = bash(r, Map.of(0, write(), 1, read(), 2, read()), "cat >/dev/null");
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
        bash(r, Map.of(1, inherit(pipe[1]), 2, read()), "echo straight-through");
        runUntil(r::ended);
        assertThat(drain(pipe[0])).isEqualTo("straight-through\n");
    }

    /** Each target number is also the other mapping's source: copied in the wrong order both would be one pipe. */
    @Test
    void crossedDescriptorsAreNotClobbered() {
        int[] a = fixture.fds().pipe();
        int[] b = fixture.fds().pipe();
        Recorder r = new Recorder();
        bash(r, Map.of(1, read(), 2, read(), a[1], inherit(b[1]), b[1], inherit(a[1])),
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
        bash(r, Map.of(1, read(), pipe[1], inherit(pipe[1])), "echo same-number >&" + pipe[1]);
        runUntil(r::ended);
        assertThat(drain(pipe[0])).isEqualTo("same-number\n");
    }

    @Test
    void descriptorsNotNamedAreClosedInTheChild() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/bin/ls", List.of("ls", "/proc/self/fd"),
                SpawnOptions.defaults().childFDs(Map.of(0, write(), 1, read(), 2, read(), 5, read())));
        runUntil(r::ended);
        Set<Integer> open = r.text(1).lines().map(Integer::parseInt).collect(Collectors.toCollection(TreeSet::new));
        // ls's own descriptor for the directory it lists takes the lowest free number, 3.
        assertThat(open).containsExactly(0, 1, 2, 3, 5);
    }

    @Test
    void noStdinAtAllIsAllowed() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/bin/ls", List.of("ls", "/proc/self/fd"),
                SpawnOptions.defaults().childFDs(Map.of(1, read())));
        runUntil(r::ended);
        assertThat(r.text(1).lines().toList()).containsExactlyInAnyOrder("0", "1");
        // write() to a child without stdin is dropped, as in Twisted.
        r.processTransport().write(new byte[1]);
    }

    @Test
    void badChildFDsAreRefused() {
        assertThatThrownBy(() -> inherit(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> SpawnOptions.defaults().childFDs(Map.of(-1, read())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        Map<Integer, ChildFD> withNull = new java.util.HashMap<>();
        withNull.put(3, null);
        assertThatThrownBy(() -> SpawnOptions.defaults().childFDs(withNull))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("childFDs[3]");
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "/bin/true", List.of("true"),
                SpawnOptions.defaults().childFDs(Map.of(0, inherit(987654)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("987654");
    }

    /** Ported code passes Twisted's {@code {0: "w", 1: "r", 3: fd}} through the nine-argument form unchanged. */
    @Test
    void twistedFormOfTheNineArgumentSpawnStillWorks() {
        int[] pipe = fixture.fds().pipe();
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/usr/bin/bash", List.of("bash", "-c", "echo to-three >&3; echo passed >&4"),
                null, null, null, null, false, Map.of(0, "w", 1, "r", 2, "r", 3, "r", 4, pipe[1]));
        runUntil(r::ended);
        assertThat(r.text(3)).isEqualTo("to-three\n");
        assertThat(drain(pipe[0])).isEqualTo("passed\n");
        assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
    }

    @Test
    void twistedFormIsConvertedToTheTypedOne() {
        assertThat(SpawnOptions.defaults().childFDsUntyped(Map.of(0, "w", 1, "r", 5, 7, 6, read())).childFDs())
                .containsExactly(Map.entry(0, write()), Map.entry(1, read()), Map.entry(5, inherit(7)),
                        Map.entry(6, read()));
        assertThat(SpawnOptions.defaults().childFDs()).isEqualTo(Map.of(0, write(), 1, read(), 2, read()));
    }

    @Test
    void badValuesOfTheTwistedFormAreRefusedNamingTheEntry() {
        assertThatThrownBy(() -> SpawnOptions.defaults().childFDsUntyped(Map.of(0, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("childFDs[0]")
                .hasMessageContaining("\"x\"");
        assertThatThrownBy(() -> SpawnOptions.defaults().childFDsUntyped(Map.of(2, -3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("childFDs[2]");
        assertThatThrownBy(() -> SpawnOptions.defaults().childFDsUntyped(Map.of(1, 3L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("childFDs[1]");
        assertThatThrownBy(() -> SpawnOptions.defaults().childFDsUntyped(Map.of(-1, "r")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "/bin/true", List.of("true"),
                null, null, null, null, false, Map.of(0, "rw")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("childFDs[0]");
    }

    @Test
    void nothingIsLeftOpenWhenTheSpawnFails() {
        int[] before = openFds();
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "/no/such", List.of("x"),
                SpawnOptions.defaults().childFDs(Map.of(0, write(), 1, read(), 2, read(), 3, read()))));
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
