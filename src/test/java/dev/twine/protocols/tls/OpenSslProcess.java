package dev.twine.protocols.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code openssl} child (s_server, s_client) whose merged output is collected line by line on a plain thread, so
 * the test can iterate its reactor while it waits for a line; closing it always destroys the child and joins the
 * reader.
 */
final class OpenSslProcess implements AutoCloseable {
    private final Process process;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();

    OpenSslProcess(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the child was destroyed
            }
        }, "openssl-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The first line output so far that starts with {@code prefix}, or null. */
    String lineStartingWith(String prefix) {
        synchronized (lines) {
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            return null;
        }
    }

    boolean printed(String text) {
        synchronized (lines) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    void send(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    boolean exited() {
        return !process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        reader.join(10_000);
        process.getOutputStream().close();
        process.getInputStream().close();
        process.getErrorStream().close();
    }
}
