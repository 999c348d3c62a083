package dev.twine.internet.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ProcessDone;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.testing.ResourceSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many children at once, next to the JDK's own ProcessBuilder, and what reactor close does with live children. */
@Timeout(120)
class ProcessLifecycleTest extends ProcessTestBase {

    @Test
    void fiveHundredConcurrentChildrenEndOnceEachBesideProcessBuilder() throws Exception {
        java.lang.Process jdkChild = new ProcessBuilder("/bin/sh", "-c", "read x; exit 7")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            reactor().spawnProcess(r, "/bin/echo", List.of("echo", "child-" + i));
        }
        // The JDK's child ends while ours run; its reaper and our pidfds must not take each other's children.
        jdkChild.getOutputStream().write('\n');
        jdkChild.getOutputStream().close();
        runUntil(() -> recorders.stream().allMatch(Recorder::ended), 90);
        assertThat(jdkChild.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jdkChild.exitValue()).isEqualTo(7);
        for (int i = 0; i < recorders.size(); i++) {
            Recorder r = recorders.get(i);
            assertThat(r.text(1)).isEqualTo("child-" + i + "\n");
            assertThat(r.endedCount).isEqualTo(1);
            assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
        }
        // A second JDK child after ours, to show its reaper still sees its own exit codes.
        java.lang.Process after = new ProcessBuilder("/bin/sh", "-c", "exit 5").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(
                        new java.io.File("/dev/null"))).start();
        assertThat(after.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(after.exitValue()).isEqualTo(5);
        assertThat(zombieChildren()).isEmpty();
    }

    @Test
    void signalledLongRunnersLeaveNoZombies() {
        List<Recorder> recorders = new ArrayList<>();
        List<IProcessTransport> processes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            processes.add(spawn(r, "/bin/sleep", "60"));
        }
        processes.forEach(p -> p.signalProcess("KILL"));
        runUntil(() -> recorders.stream().allMatch(Recorder::ended));
        assertThat(zombieChildren()).isEmpty();
    }

    /**
     * Twisted leaves children running when the reactor stops; Twine does too, and on close hands each one's
     * pidfd to a daemon thread that reaps it once it exits: no zombie, no descriptor, no thread afterwards.
     */
    @Test
    void closingTheReactorLeavesChildrenRunningAndReapsThemLater() throws Exception {
        Recorder r = new Recorder();
        IProcessTransport sleeper = spawn(r, "/bin/sleep", "60");
        int pid = sleeper.pid();
        reactor().close();
        assertThat(r.ended).isNull();
        assertThat(Files.exists(Path.of("/proc/" + pid))).as("child still running").isTrue();
        Thread reaper = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("twine-reaper-" + pid)).findFirst().orElseThrow();
        Syscalls.kill(pid, 9);
        reaper.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(reaper.isAlive()).isFalse();
        assertThat(Files.exists(Path.of("/proc/" + pid))).as("child reaped").isFalse();
        assertThat(ResourceSnapshot.twineThreads()).isEmpty();
    }

    /** Children of this JVM in state Z, from /proc. */
    static List<String> zombieChildren() {
        String self = Long.toString(ProcessHandle.current().pid());
        List<String> zombies = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (fields[0].equals("Z") && fields[1].equals(self)) {
                    zombies.add(name);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return zombies;
    }
}
