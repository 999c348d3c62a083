package dev.twine.internet.udp;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.interfaces.SocketOptions;
import dev.twine.internet.protocol.DatagramProtocol;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The receiving side of {@link UdpStartupProbe}, run in a fresh JVM: a Twine UDP sink on 127.0.0.1 that stamps
 * every datagram it is handed ({@code System.nanoTime}, into arrays allocated before the port opens, so the
 * measurement allocates nothing) and, after the end marker (an empty datagram) or a timeout, prints the longest
 * gaps between two reads, the longest delay from send to read, and the drops the kernel counted on its socket.
 *
 * <p>Arguments: the receive buffer to ask for (0: the kernel's default) and the most datagrams to record.
 */
public final class UdpStartupSink extends DatagramProtocol {
    private static final int TOP = 5;

    private final long[] received;
    private final long[] sent;
    private final int[] sequence;
    private int count;
    private boolean ended;

    private UdpStartupSink(int capacity) {
        received = new long[capacity];
        sent = new long[capacity];
        sequence = new int[capacity];
    }

    public static void main(String[] args) throws IOException {
        int rcvbuf = Integer.parseInt(args[0]);
        int capacity = Integer.parseInt(args[1]);
        UdpStartupSink sink = new UdpStartupSink(capacity);
        try (EPollReactor reactor = new EPollReactor()) {
            SocketOptions options = rcvbuf > 0 ? SocketOptions.of(StandardSocketOptions.SO_RCVBUF, rcvbuf)
                    : SocketOptions.none();
            IUDPTransport port = reactor.listenUDP(0, sink, "127.0.0.1", 2048, options);
            int number = ((Port) port).realPort();
            System.out.println("port=" + number + " rcvbuf=" + port.getOption(StandardSocketOptions.SO_RCVBUF));
            System.out.flush();
            long listened = System.nanoTime();
            sink.schedAtListen = schedstat();
            reactor.callWhenRunning(() -> sink.running = System.nanoTime());
            reactor.callLater(30, reactor::stop);
            sink.reactorToStop = reactor;
            sink.port = number;
            reactor.run();
            sink.report(listened);
        }
    }

    private EPollReactor reactorToStop;
    private int port;
    private long running;
    private long drops = -1;
    private long[] schedAtListen;
    private long[] schedAtEnd;

    @Override
    public void datagramReceived(byte[] datagram, IAddress addr) {
        long now = System.nanoTime();
        if (datagram.length == 0) {
            if (!ended) {
                ended = true;
                schedAtEnd = schedstat();
                reactorToStop.callLater(0.2, () -> {
                    drops = drops(port);
                    reactorToStop.stop();
                });
            }
            return;
        }
        if (count < received.length && datagram.length >= 12) {
            received[count] = now;
            sequence[count] = (int) readLong(datagram, 0, 4);
            sent[count] = readLong(datagram, 4, 8);
            count++;
        }
    }

    private static long readLong(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    private void report(long listened) {
        long end = System.nanoTime();
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        if (count == 0) {
            System.out.println("received=0 drops=" + drops);
            return;
        }
        // JVM uptime (ms) when the first datagram was read: lines it up with -Xlog's uptime stamps.
        double firstAtUptime = uptimeMs - (end - received[0]) / 1e6;
        long[] gaps = new long[count - 1];
        for (int i = 1; i < count; i++) {
            gaps[i - 1] = received[i] - received[i - 1];
        }
        Integer[] order = new Integer[gaps.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(gaps[b], gaps[a]));
        StringBuilder top = new StringBuilder();
        for (int k = 0; k < Math.min(TOP, order.length); k++) {
            int i = order[k];
            top.append(String.format(" %.1fms@%.0fms(seq %d)", gaps[i] / 1e6, (received[i] - received[0]) / 1e6,
                    sequence[i + 1]));
        }
        long maxDelay = 0;
        int maxDelayAt = 0;
        for (int i = 0; i < count; i++) {
            if (received[i] - sent[i] > maxDelay) {
                maxDelay = received[i] - sent[i];
                maxDelayAt = i;
            }
        }
        int lastSeq = 0;
        for (int i = 0; i < count; i++) {
            lastSeq = Math.max(lastSeq, sequence[i]);
        }
        System.out.printf("received=%d lastSeq=%d drops=%d runStartedAfter=%.1fms firstDelay=%.2fms"
                + " firstAtUptime=%.0fms%n", count, lastSeq, drops, (running - listened) / 1e6,
                (received[0] - sent[0]) / 1e6, firstAtUptime);
        System.out.printf("longestGaps=%s%n", top);
        if (schedAtListen != null && schedAtEnd != null) {
            // The reactor thread's own account (/proc/thread-self/schedstat): CPU time, and time spent runnable but
            // waiting for a CPU. A long wait there is the machine's load, not Twine's or the JVM's.
            System.out.printf("reactorThread cpu=%.0fms runQueueWait=%.0fms over %.0fms%n",
                    (schedAtEnd[0] - schedAtListen[0]) / 1e6, (schedAtEnd[1] - schedAtListen[1]) / 1e6,
                    (received[count - 1] - listened) / 1e6);
        }
        System.out.printf("longestDelay=%.1fms@%.0fms(seq %d)%n", maxDelay / 1e6,
                (received[maxDelayAt] - received[0]) / 1e6, sequence[maxDelayAt]);
    }

    /** The calling thread's CPU time and run-queue wait, in ns, or null if the kernel does not tell. */
    private static long[] schedstat() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/thread-self/schedstat")).get(0).trim().split("\\s+");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The drops the kernel counted on the socket bound to {@code port} (the last column of /proc/net/udp). */
    private static long drops(int port) {
        String hex = String.format(":%04X ", port);
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/net/udp"));
        } catch (IOException e) {
            return -1;
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 12 && (f[1] + " ").endsWith(hex)) {
                return Long.parseLong(f[f.length - 1]);
            }
        }
        return -1;
    }
}
