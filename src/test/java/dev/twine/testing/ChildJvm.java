package dev.twine.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Starts a {@code main} class of the tests in a child JVM, from the same module path with the test classes patched
 * into {@code dev.twine}: for tests that need a second process (its own descriptor limit, its own signals).
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code main} with {@code args}; stderr goes to stdout. */
    public static Process start(Class<?> main, String... args) throws IOException {
        return start(List.of(), main, args);
    }

    /**
     * Starts {@code main} with {@code args} under the command {@code prefix} (such as {@code setpriv} with its
     * arguments, to run the child with fewer capabilities); stderr goes to stdout.
     */
    public static Process start(List<String> prefix, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(command(main, args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * Starts {@code main} as {@link #start} does, under a descriptor limit of {@code limit} (soft and hard, so the JVM
     * cannot raise it again at start-up), set by the shell's {@code ulimit} just before it becomes the JVM.
     */
    public static Process startWithDescriptorLimit(int limit, Class<?> main, String... args) throws IOException {
        return start(List.of("/bin/sh", "-c", "ulimit -n " + limit + " && exec \"$0\" \"$@\""), main, args);
    }

    /**
     * Starts a thread, "child-output", that adds each line {@code child} prints to {@code lines} until its end of
     * output, so that the test's thread can take them while it iterates its reactor; join it once the child is gone.
     */
    public static Thread readLines(Process child, Queue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "child-output");
        reader.start();
        return reader;
    }

    private static List<String> command(Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path classes = Path.of(dev.twine.internet.epollreactor.EPollReactor.class.getProtectionDomain().getCodeSource()
                .getLocation().getPath());
        Path tests = Path.of(main.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=dev.twine",
                "-XX:+UseParallelGC", "-p", classes.toString(), "--patch-module", "dev.twine=" + tests,
                "-m", "dev.twine/" + main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
