package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.Factory;
import dev.twine.protocols.wire.Echo;
import dev.twine.python.Failure;
import dev.twine.testing.ChildJvm;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 TCP connections open at once to one Twine echo server, each echoing messages of random sizes, every byte
 * checked by the client ({@link LoadClient}, in a child JVM: both ends in one process would need 20,000
 * descriptors, more than the hard limit some machines allow). Afterwards the server's heap and descriptors are
 * back where they were.
 */
@Timeout(120)
class TcpLoadTest extends TcpTestBase {
    private static final int CONNECTIONS = 10_000;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private int open;
    private int maxOpen;
    private long echoedBytes;

    private final class CountingEcho extends Echo {
        @Override
        public void connectionMade() {
            open++;
            maxOpen = Math.max(maxOpen, open);
        }

        @Override
        public void dataReceived(byte[] data) {
            echoedBytes += data.length;
            super.dataReceived(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            open--;
        }
    }

    @Test
    void tenThousandConcurrentEchoConnections() throws IOException, InterruptedException {
        long heapBefore = usedHeapAfterGc();
        IListeningPort port = reactor().listenTCP(0, Factory.forProtocol(CountingEcho::new), 4096, "127.0.0.1");
        Process client = ChildJvm.start(LoadClient.class, String.valueOf(portOf(port)),
                String.valueOf(CONNECTIONS), "20261122");
        try {
            client.getOutputStream().close();
            runUntil(() -> !client.isAlive() && open == 0, 100);
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.print("load client: " + output);
            assertThat(client.exitValue()).as(output).isZero();
            assertThat(output).contains("opened=" + CONNECTIONS + " maxOpen=" + CONNECTIONS + " intact="
                    + CONNECTIONS + " closed=" + CONNECTIONS);
            long bytes = Long.parseLong(output.replaceAll("(?s).*bytes=(\\d+).*", "$1"));
            assertThat(echoedBytes).as("bytes the server echoed").isEqualTo(bytes);
        } finally {
            client.destroyForcibly();
            client.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(maxOpen).as("server connections open at the same time").isEqualTo(CONNECTIONS);
        port.stopListening();
        settle();
        long heapAfter = usedHeapAfterGc();
        System.out.printf("server heap in use: %,d B before, %,d B after%n", heapBefore, heapAfter);
        assertThat(heapAfter - heapBefore).as("heap back to baseline (bytes)").isLessThan(16L << 20);
    }

    private static long usedHeapAfterGc() {
        long[] samples = new long[3];
        for (int i = 0; i < samples.length; i++) {
            System.gc();
            samples[i] = MEMORY.getHeapMemoryUsage().getUsed();
        }
        return Arrays.stream(samples).min().orElseThrow();
    }
}
