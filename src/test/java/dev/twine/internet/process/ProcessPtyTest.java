package dev.twine.internet.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.error.ProcessDone;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.internet.interfaces.SpawnOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProcessPtyTest extends ProcessTestBase {

    private IProcessTransport pty(Recorder r, SpawnOptions options, String... argv) {
        return reactor().spawnProcess(r, argv[0], List.of(argv), options.usePTY(true));
    }

    /** Opening /dev/tty fails with ENXIO unless the terminal is the process's controlling one. */
    @Test
    void childHasAControllingTerminalOfTheSizeSet() {
        Recorder r = new Recorder();
        pty(r, SpawnOptions.defaults().windowSize(40, 100), "/bin/sh", "-c",
                "tty; stty size; exec 3</dev/tty && echo ctty-ok");
        runUntil(r::ended);
        String out = r.text(1);
        assertThat(out).contains("/dev/pts/").contains("40 100\r\n").contains("ctty-ok");
        assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
    }

    @Test
    void inputTypedIntoTheMasterIsEchoed() {
        Recorder r = new Recorder();
        IProcessTransport cat = pty(r, SpawnOptions.defaults(), "/bin/cat");
        cat.write("hello\n".getBytes(StandardCharsets.US_ASCII));
        runUntil(() -> r.text(1).split("hello\r\n", -1).length == 3);
        cat.write(new byte[] {4}); // ^D: end of input for the terminal's reader
        runUntil(r::ended);
        assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
    }

    @Test
    void windowSizeCanBeChangedWhileTheChildRuns() {
        Recorder r = new Recorder();
        IProcessTransport sh = pty(r, SpawnOptions.defaults(), "/bin/sh", "-c", "read x; stty size");
        sh.setWindowSize(33, 77);
        assertThat(((PtyProcess) sh).windowSize()).containsExactly(33, 77);
        sh.write("go\n".getBytes(StandardCharsets.US_ASCII));
        runUntil(r::ended);
        assertThat(r.text(1)).contains("33 77");
    }

    @Test
    void closingTheMasterHangsTheChildUp() {
        Recorder r = new Recorder();
        IProcessTransport sleeper = pty(r, SpawnOptions.defaults(), "/bin/sleep", "30");
        sleeper.loseConnection();
        runUntil(r::ended);
        // The session leader loses its terminal: SIGHUP.
        assertThat(r.ended.value().getMessage()).contains("signal 1");
    }

    @Test
    void aPtyHasNoPerDescriptorPipes() {
        Recorder r = new Recorder();
        IProcessTransport cat = pty(r, SpawnOptions.defaults(), "/bin/cat");
        assertThatThrownBy(() -> cat.writeToChild(0, new byte[1])).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cat.closeChildFD(0)).isInstanceOf(UnsupportedOperationException.class);
        cat.closeStdin();
        cat.closeStdout();
        cat.closeStderr();
        cat.write(new byte[] {4});
        runUntil(r::ended);
        assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
    }

    @Test
    void aPipeChildHasNoWindowSize() {
        Recorder r = new Recorder();
        IProcessTransport cat = spawn(r, "/bin/cat");
        assertThatThrownBy(() -> cat.setWindowSize(10, 10)).isInstanceOf(IllegalStateException.class);
        cat.closeStdin();
        runUntil(r::ended);
    }
}
