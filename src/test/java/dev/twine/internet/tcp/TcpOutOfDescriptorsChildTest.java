package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import dev.twine.testing.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More clients than the server's descriptor limit, against a Twine echo server ({@link OutOfDescriptorsServer}) in a
 * fresh child JVM with logging at its default configuration: the first warning that JVM ever logs comes while it is
 * out of descriptors, where nothing that opens a file (the logging configuration, the time zone data, a class not yet
 * loaded) may run before the spare descriptor is given up. The server must live through it, keep its loop turning,
 * serve a new client once the flood is gone, and stop cleanly. {@link TcpOutOfDescriptorsTest} covers the port's
 * logic in this JVM, where logging was long initialised and so could not show this.
 */
@Timeout(120)
class TcpOutOfDescriptorsChildTest extends TcpTestBase {
    private static final Pattern LISTENING = Pattern.compile("listening (\\d+) limit=(\\d+)");
    private static final Pattern STATS = Pattern.compile("stats shed=(\\d+)");

    private final List<Probe> probes = new ArrayList<>();
    private int echoed;
    private int shed;
    private int lost;
    private int failed;

    /** Sends one byte on connecting; the server either echoes it (served) or closes the connection first (shed). */
    private final class Probe extends Protocol {
        private boolean served;

        @Override
        public void connectionMade() {
            probes.add(this);
            transport.write(new byte[] {'x'});
        }

        void close() {
            transport.loseConnection();
        }

        @Override
        public void dataReceived(byte[] data) {
            if (!served) {
                served = true;
                echoed++;
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            lost++;
            if (!served) {
                shed++;
            }
        }
    }

    @Test
    void limit256With400Clients() throws Exception {
        survivesRunningOutOfDescriptors(256, 400);
    }

    @Test
    void limit1024With1100Clients() throws Exception {
        survivesRunningOutOfDescriptors(1024, 1100);
    }

    private void survivesRunningOutOfDescriptors(int limit, int clients) throws Exception {
        long[] own = Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE);
        assertThat(own[0]).as("this JVM's descriptor limit must fit %s clients", clients).isGreaterThan(clients + 500L);
        Process server = ChildJvm.startWithDescriptorLimit(limit, OutOfDescriptorsServer.class);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        StringBuilder output = new StringBuilder();
        Thread reader = ChildJvm.readLines(server, lines);
        OutputStream commands = server.getOutputStream();
        try {
            Matcher listening = awaitLine(lines, output, LISTENING, server);
            int port = Integer.parseInt(listening.group(1));
            assertThat(Long.parseLong(listening.group(2))).as("the child's descriptor limit").isEqualTo(limit);

            // One client served and gone first, as a server that has been up a while has seen: the child runs from
            // class directories, where loading a class (Failure, on a first connectionLost) needs a descriptor that a
            // deployed jar, kept open, does not. What is left to load at the limit is the out-of-descriptors path.
            reactor().connectTCP("127.0.0.1", port, ClientFactory.forProtocol(Probe::new));
            await(() -> echoed == 1, 30, "warm-up client served", server, lines, output);
            probes.get(0).close();
            await(() -> lost == 1, 30, "warm-up client gone", server, lines, output);
            probes.clear();
            echoed = 0;
            shed = 0;
            lost = 0;

            for (int i = 0; i < clients; i++) {
                reactor().connectTCP("127.0.0.1", port, new ClientFactory() {
                    @Override
                    public IProtocol buildProtocol(dev.twine.internet.interfaces.IAddress addr) {
                        return new Probe();
                    }

                    @Override
                    public void clientConnectionFailed(IConnector connector, Failure reason) {
                        failed++;
                    }
                });
            }
            await(() -> echoed + shed + failed == clients, 60, "every client served or shed", server, lines, output);
            assertThat(server.isAlive()).as("server alive after %s clients; its output:%n%s", clients,
                    drain(lines, output)).isTrue();
            assertThat(failed).as("connections refused").isZero();
            assertThat(shed).as("clients shed: the server did run out of descriptors").isPositive();
            assertThat(echoed).as("clients served").isPositive();

            // The loop still turns: a call from another thread runs on it.
            send(commands, "stats");
            Matcher stats = awaitLine(lines, output, STATS, server);
            assertThat(Long.parseLong(stats.group(1))).as("connections the server shed").isPositive();

            // Descriptors come back: the flood leaves and a new client is served.
            for (Probe p : List.copyOf(probes)) {
                if (p.served) {
                    p.close();
                }
            }
            await(() -> lost == clients, 30, "every client gone", server, lines, output);
            int before = echoed;
            reactor().connectTCP("127.0.0.1", port, ClientFactory.forProtocol(Probe::new));
            await(() -> echoed == before + 1, 30, "a new client served once descriptors are back", server, lines,
                    output);
            probes.get(probes.size() - 1).close();
            await(() -> lost == clients + 1, 10, "the new client gone", server, lines, output);

            send(commands, "stop");
            commands.close();
            runUntil(() -> !server.isAlive(), 30);
            reader.join(10_000);
            drain(lines, output);
        } finally {
            commands.close();
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        String text = output.toString();
        System.out.print("child output: " + text);
        assertThat(server.exitValue()).as(text).isZero();
        assertThat(text).as("the warning reached the log").contains("EMFILE")
                .as("the server stopped by itself").contains("stopped")
                .doesNotContain("Exception in thread").doesNotContain("NoClassDefFoundError")
                .doesNotContain("ExceptionInInitializerError")
                .as("no unhandled error, no failed log").doesNotContain("SEVERE").doesNotContain("logging failed");
    }

    /** Iterates the reactor until {@code done}; fails naming {@code what}, the counts and the child's output. */
    private void await(java.util.function.BooleanSupplier done, double seconds, String what, Process server,
            ConcurrentLinkedQueue<String> lines, StringBuilder output) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline || !server.isAlive()) {
                throw new AssertionError(what + ": not within " + seconds + " s (server alive: " + server.isAlive()
                        + ", echoed " + echoed + ", shed " + shed + ", lost " + lost + ", failed " + failed
                        + "); child output:\n" + drain(lines, output));
            }
            reactor().iterate(0.01);
        }
    }

    private static void send(OutputStream commands, String line) throws IOException {
        commands.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        commands.flush();
    }

    /** Moves what the child printed into {@code output}; returns it all. */
    private static String drain(ConcurrentLinkedQueue<String> lines, StringBuilder output) {
        for (String line; (line = lines.poll()) != null; ) {
            output.append(line).append('\n');
        }
        return output.toString();
    }

    /** Iterates the reactor until the child prints a line matching {@code pattern}, and returns its match. */
    private Matcher awaitLine(ConcurrentLinkedQueue<String> lines, StringBuilder output, Pattern pattern,
            Process server) {
        Matcher[] found = {null};
        runUntil(() -> {
            for (String line; (line = lines.poll()) != null; ) {
                output.append(line).append('\n');
                Matcher m = pattern.matcher(line);
                if (found[0] == null && m.matches()) {
                    found[0] = m;
                }
            }
            return found[0] != null || !server.isAlive();
        }, 30);
        assertThat(found[0]).as("child printed %s; its output:%n%s", pattern, drain(lines, output)).isNotNull();
        return found[0];
    }
}
