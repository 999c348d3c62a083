package dev.twine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the network demo (on free loopback ports, checking itself) in a child JVM from the module path, as users
 * run Twine: once with the JDK's best handles and
 * once forced onto the JDK 22-23 code path (plain capturing handles, heap arrays copied), which this JDK would
 * otherwise never exercise.
 */
@Timeout(60)
class DemoProcessTest {
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void demoRunsFromTheModulePath(boolean criticalHandles) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path modules = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertThat(Files.isDirectory(modules) || Files.isRegularFile(modules)).isTrue();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=dev.twine",
                "-Dtwine.criticalHandles=" + criticalHandles, "-p", modules.toString(),
                "-m", "dev.twine/dev.twine.demo.Demo", "--http", "0", "--echo", "0", "--forward", "0", "--for", "1.5"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            child.getOutputStream().close();
            output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("demo exited").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output)
                .contains(criticalHandles ? "critical downcall handles" : "JDK 22-23 mode")
                .contains("echo client got back \"hello, echo\"")
                .contains("HTTP client, through the forwarder, got 2 responses: \"Hello, World!\" each")
                .contains("shutting down: 2 HTTP requests answered")
                .contains("reactor stopped; bye")
                .doesNotContain("Exception");
    }

    @org.junit.jupiter.api.Test
    void sigtermStopsTheDemoThroughTheReactor() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path modules = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Process child = new ProcessBuilder(java, "--enable-native-access=dev.twine", "-p", modules.toString(),
                "-m", "dev.twine/dev.twine.demo.Demo", "--http", "0", "--echo", "0", "--forward", "0")
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (var lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                if (line.contains("Ctrl-C stops it")) {
                    // Not Process.destroy(): it closes the streams this test still reads.
                    dev.twine.internal.sys.Syscalls.kill((int) child.pid(), dev.twine.internal.linux.LibC.SIGTERM());
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("demo exited").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as(output.toString()).isZero();
        assertThat(output.toString()).contains("shutting down: 0 HTTP requests answered")
                .contains("reactor stopped by signal 15; bye");
    }
}
