package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import dev.twine.testing.ChildJvm;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM to a Twine server ({@link LoadedServer}, a child JVM) while 200 connections push data through it as fast
 * as it echoes: the reactor runs its shutdown triggers, every connection hears connectionLost, no thread is left
 * and the JVM exits by itself.
 */
@Timeout(60)
class SignalUnderLoadTest extends TcpTestBase {
    private static final int CONNECTIONS = 200;
    private static final byte[] CHUNK = new byte[16 * 1024];

    private int made;
    private int lost;
    private long echoed;

    /** Writes a chunk, and another each time one came back: the server never idles. */
    private final class Pusher extends Protocol {
        private int owed;

        @Override
        public void connectionMade() {
            made++;
            push();
            push();
        }

        private void push() {
            owed += CHUNK.length;
            transport.write(CHUNK);
        }

        @Override
        public void dataReceived(byte[] data) {
            echoed += data.length;
            owed -= data.length;
            if (owed < CHUNK.length) {
                push();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            lost++;
        }
    }

    @Test
    void sigtermUnderLoadRunsShutdownAndClosesEveryConnection() throws IOException, InterruptedException {
        Process server = ChildJvm.start(LoadedServer.class);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        StringBuilder output = new StringBuilder();
        Thread reader = ChildJvm.readLines(server, lines);
        try {
            int[] port = {0};
            runUntil(() -> {
                for (String line; (line = lines.poll()) != null; ) {
                    output.append(line).append('\n');
                    if (line.startsWith("listening ")) {
                        port[0] = Integer.parseInt(line.substring("listening ".length()));
                    }
                }
                return port[0] != 0;
            }, 30);
            for (int i = 0; i < CONNECTIONS; i++) {
                reactor().connectTCP("127.0.0.1", port[0], ClientFactory.forProtocol(Pusher::new));
            }
            runUntil(() -> made == CONNECTIONS && echoed > 64L * CHUNK.length * CONNECTIONS / 16, 30);
            long echoedBeforeSignal = echoed;
            Syscalls.kill((int) server.pid(), LibC.SIGTERM());
            runUntil(() -> !server.isAlive() && lost == CONNECTIONS, 30);
            reader.join(10_000);
            lines.forEach(l -> output.append(l).append('\n'));
            System.out.printf("%,d bytes echoed before SIGTERM%n", echoedBeforeSignal);
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        assertThat(server.exitValue()).as(output.toString()).isZero();
        assertThat(output.toString())
                .contains("stopped: signal=15 openAtShutdown=" + CONNECTIONS + " made=" + CONNECTIONS + " lost="
                        + CONNECTIONS)
                .contains("threads left: []")
                .doesNotContain("Exception");
    }
}
