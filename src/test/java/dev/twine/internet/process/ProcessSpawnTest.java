package dev.twine.internet.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.ProcessDone;
import dev.twine.internet.error.ProcessExitedAlready;
import dev.twine.internet.error.ProcessTerminated;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.internet.interfaces.SpawnOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ProcessSpawnTest extends ProcessTestBase {
    /** @TempDir's first use opens the JDK's random sources for good: do it before any test's snapshot. */
    @BeforeAll
    static void openRandomSources() throws Exception {
        Files.delete(Files.createTempDirectory("warm"));
    }

    @Test
    void catEchoes64MiBByteForByte() throws Exception {
        byte[] chunk = new byte[1024 * 1024];
        new Random(7).nextBytes(chunk);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long[] receivedBytes = {0};
        Recorder r = new Recorder() {
            @Override
            public void outReceived(byte[] data) {
                received.update(data);
                receivedBytes[0] += data.length;
            }
        };
        IProcessTransport cat = reactor().spawnProcess(r, "/bin/cat", List.of("cat"));
        for (int i = 0; i < 64; i++) {
            chunk[0] = (byte) i;
            sent.update(chunk);
            cat.write(chunk);
        }
        cat.closeStdin();
        runUntil(r::ended, 50);
        assertThat(receivedBytes[0]).isEqualTo(64L * 1024 * 1024);
        assertThat(received.digest()).isEqualTo(sent.digest());
        assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
        assertThat(r.bytes(2)).isEmpty();
    }

    @Test
    void stdoutAndStderrAreSeparate() {
        Recorder r = sh("echo out; echo err >&2; echo more");
        assertThat(r.text(1)).isEqualTo("out\nmore\n");
        assertThat(r.text(2)).isEqualTo("err\n");
    }

    @Test
    void exitCodeZeroIsProcessDone() {
        Recorder r = sh("exit 0");
        ProcessDone done = (ProcessDone) r.ended.value();
        assertThat(done.exitCode()).isZero();
        assertThat(done.signal()).isNull();
        assertThat(done.status()).isZero();
        assertThat(r.exited.value()).isInstanceOf(ProcessDone.class);
    }

    @Test
    void exitCodeThreeIsProcessTerminated() {
        Recorder r = sh("exit 3");
        ProcessTerminated t = (ProcessTerminated) r.ended.value();
        assertThat(t.exitCode()).isEqualTo(3);
        assertThat(t.signal()).isNull();
        assertThat(t.status()).isEqualTo(3 << 8);
    }

    @Test
    void killedBySignalNine() {
        Recorder r = sh("kill -9 $$");
        ProcessTerminated t = (ProcessTerminated) r.ended.value();
        assertThat(t.signal()).isEqualTo(9);
        assertThat(t.exitCode()).isNull();
    }

    @Test
    void eventsComeInTwistedsOrder() {
        Recorder r = sh("echo hi");
        assertThat(r.events.get(0)).isEqualTo("connectionMade");
        assertThat(r.events).last().isEqualTo("processEnded");
        assertThat(r.events).containsOnlyOnce("processExited", "childConnectionLost 0", "childConnectionLost 1",
                "childConnectionLost 2", "processEnded");
        assertThat(r.endedCount).isEqualTo(1);
    }

    @Test
    void signalProcessEndsTheChildAndAfterExitRaises() {
        Recorder r = new Recorder();
        IProcessTransport p = spawn(r, "/bin/sleep", "30");
        assertThat(p.pid()).isPositive();
        p.signalProcess("TERM");
        runUntil(r::ended);
        assertThat(((ProcessTerminated) r.ended.value()).signal()).isEqualTo(15);
        assertThat(p.pid()).isEqualTo(-1);
        assertThatThrownBy(() -> p.signalProcess("KILL")).isInstanceOf(ProcessExitedAlready.class);
        assertThatThrownBy(() -> p.signalProcess(9)).isInstanceOf(ProcessExitedAlready.class);
    }

    @Test
    void unknownSignalNameIsRefused() {
        Recorder r = new Recorder();
        IProcessTransport p = spawn(r, "/bin/sleep", "30");
        assertThatThrownBy(() -> p.signalProcess("BOGUS")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BOGUS");
        p.signalProcess("KILL");
        runUntil(r::ended);
        assertThat(((ProcessTerminated) r.ended.value()).signal()).isEqualTo(9);
    }

    @Test
    void missingExecutableRaisesFromSpawnProcess() {
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "/no/such/program", List.of("x")))
                .isInstanceOf(ErrnoException.class).hasMessageContaining("/no/such/program")
                .hasMessageContaining("ENOENT");
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "no-such-program-anywhere",
                List.of("x"))).isInstanceOf(ErrnoException.class).hasMessageContaining("ENOENT");
    }

    @Test
    void nonExecutableFileRaisesEacces(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-executable"), "#!/bin/sh\necho no\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        // root may execute files with no x bit for it only if some x bit is set: none is here.
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), file.toString(), List.of("x")))
                .isInstanceOf(ErrnoException.class).hasMessageContaining("EACCES")
                .hasMessageContaining(file.toString());
    }

    @Test
    void missingWorkingDirectoryRaises() {
        assertThatThrownBy(() -> reactor().spawnProcess(new Recorder(), "/bin/true", List.of("true"),
                SpawnOptions.defaults().path("/no/such/dir")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/no/such/dir");
    }

    @Test
    void environmentIsEmptyByDefault() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/usr/bin/env", List.of("env"));
        runUntil(r::ended);
        assertThat(r.text(1)).isEmpty();
    }

    @Test
    void environmentIsExactlyTheMapGiven() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/usr/bin/env", List.of("env"),
                SpawnOptions.defaults().env(Map.of("ALPHA", "1", "BETA", "two words")));
        runUntil(r::ended);
        assertThat(r.text(1).lines().sorted().toList()).containsExactly("ALPHA=1", "BETA=two words");
    }

    @Test
    void environmentIsInheritedWhenAsked() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/usr/bin/env", List.of("env", "-0"), SpawnOptions.defaults().inheritEnv());
        runUntil(r::ended);
        // NUL-separated: a value may hold a newline.
        assertThat(List.of(r.text(1).split("\0"))).containsExactlyInAnyOrderElementsOf(
                System.getenv().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** Twisted's nine arguments: {@code env=None} passes the parent's environment on, an empty map gives none. */
    @Test
    void twistedsFullFormInheritsForNullAndTakesAnEmptyMapAsEmpty() {
        Recorder inherited = new Recorder();
        reactor().spawnProcess(inherited, "/usr/bin/env", List.of("env", "-0"), null, null, null, null, false, null);
        Recorder empty = new Recorder();
        reactor().spawnProcess(empty, "/usr/bin/env", List.of("env"), Map.of(), null, null, null, false, null);
        runUntil(() -> inherited.ended() && empty.ended());
        assertThat(List.of(inherited.text(1).split("\0"))).containsExactlyInAnyOrderElementsOf(
                System.getenv().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        assertThat(empty.text(1)).isEmpty();
    }

    @Test
    void pathLookupUsesTheChildsPath() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "echo", List.of("echo", "found"), SpawnOptions.defaults().env(Map.of("PATH",
                "/nonexistent:/bin")));
        runUntil(r::ended);
        assertThat(r.text(1)).isEqualTo("found\n");
    }

    @Test
    void pathSetsTheWorkingDirectory(@TempDir Path dir) throws Exception {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/bin/pwd", List.of("pwd"), SpawnOptions.defaults().path(dir.toString()));
        runUntil(r::ended);
        assertThat(r.text(1).trim()).isEqualTo(dir.toRealPath().toString());
    }

    @Test
    void argvZeroIsArgsZero() {
        Recorder r = sh("echo $0");
        assertThat(r.text(1)).isEqualTo("sh\n");
        Recorder named = new Recorder();
        reactor().spawnProcess(named, "/bin/sh", List.of("custom-name", "-c", "echo $0"));
        runUntil(named::ended);
        assertThat(named.text(1)).isEqualTo("custom-name\n");
    }

    /** Standard signals (1-31) only: glibc keeps its two internal real-time signals (32, 33) as it likes. */
    @Test
    void childStartsWithNoSignalBlockedOrIgnored() {
        Recorder r = sh("grep -E '^Sig(Blk|Ign)' /proc/self/status");
        Map<String, Long> masks = new java.util.HashMap<>();
        r.text(1).lines().forEach(line -> masks.put(line.substring(0, 6), Long.parseUnsignedLong(line.substring(8), 16)));
        assertThat(masks.get("SigBlk") & 0x7fffffffL).as("blocked").isZero();
        assertThat(masks.get("SigIgn") & 0x7fffffffL).as("ignored").isZero();
    }

    @Test
    void loseConnectionClosesThePipes() {
        Recorder r = new Recorder();
        IProcessTransport cat = spawn(r, "/bin/cat");
        cat.loseConnection();
        runUntil(r::ended);
        assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
    }
}
