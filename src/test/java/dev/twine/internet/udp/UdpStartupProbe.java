package dev.twine.internet.udp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a fresh Twine UDP port copes with its first seconds on a loaded machine: a measurement, not a test. It
 * starts {@code --load} busy-loop processes, a fresh JVM running {@link UdpStartupSink}, and sends it datagrams of
 * 12 to 1,400 bytes at {@code --rate} per second for {@code --seconds} from a sender warmed up beforehand (its own
 * longest gap between two sends is printed, so a stall of the sender is not taken for one of the sink). The sink
 * prints the longest gaps between two reads, the longest send-to-read delay and the drops its socket counted.
 *
 * <pre>
 * ./twine test -DskipTests
 * java --enable-native-access=dev.twine -p target/classes --patch-module dev.twine=target/test-classes \
 *     -m dev.twine/dev.twine.internet.udp.UdpStartupProbe --rate 2000 --seconds 3 --load 2 --rcvbuf 0 \
 *     [--jvm "-Xlog:safepoint,gc:stderr"]
 * </pre>
 *
 * {@code --rcvbuf 0} leaves the kernel's default receive buffer ({@code net.core.rmem_default}); a size asks for
 * that {@code SO_RCVBUF} through {@code listenUDP}'s options. {@code --jvm} adds flags to the sink's JVM.
 */
public final class UdpStartupProbe {
    private UdpStartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rate = 2000;
        double seconds = 3;
        int load = 2;
        int rcvbuf = 0;
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--load" -> load = Integer.parseInt(args[i + 1]);
                case "--rcvbuf" -> rcvbuf = Integer.parseInt(args[i + 1]);
                case "--jvm" -> jvm.addAll(List.of(args[i + 1].trim().split("\\s+")));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        int total = (int) (rate * seconds);
        List<Process> busy = new ArrayList<>();
        Process sink = null;
        try (DatagramChannel channel = DatagramChannel.open()) {
            Sender sender = new Sender(channel, rate);
            // Warm the sender (its own JIT) against a socket that nobody reads, before the sink exists.
            try (DatagramChannel discard = DatagramChannel.open()) {
                discard.bind(new InetSocketAddress("127.0.0.1", 0));
                sender.send((InetSocketAddress) discard.getLocalAddress(), rate);
            }
            for (int i = 0; i < load; i++) {
                busy.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
            sink = startSink(jvm, rcvbuf, total);
            BufferedReader out = new BufferedReader(new InputStreamReader(sink.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("port=")) {
                throw new IllegalStateException("the sink did not start: " + first);
            }
            int port = Integer.parseInt(first.replaceAll("port=(\\d+).*", "$1"));
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
            long longestSendGap = sender.send(to, total);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            for (int i = 0; i < 3; i++) {
                channel.send(ByteBuffer.allocate(0), to);
            }
            System.out.printf("rate=%d/s seconds=%s load=%d sent=%d senderLongestGap=%.1fms %s%n", rate, seconds,
                    load, total, longestSendGap / 1e6, first);
            for (String line; (line = out.readLine()) != null;) {
                System.out.println(line);
            }
            sink.waitFor(10, TimeUnit.SECONDS);
        } finally {
            for (Process p : busy) {
                p.destroyForcibly();
            }
            if (sink != null) {
                sink.destroyForcibly();
            }
        }
    }

    private static Process startSink(List<String> jvm, int rcvbuf, int total) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path classes = Path.of(dev.twine.internet.epollreactor.EPollReactor.class.getProtectionDomain()
                .getCodeSource().getLocation().getPath());
        Path tests = Path.of(UdpStartupSink.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=dev.twine",
                "--add-modules", "java.management", "--add-reads", "dev.twine=java.management"));
        command.addAll(jvm);
        command.addAll(List.of("-p", classes.toString(), "--patch-module", "dev.twine=" + tests, "-m",
                "dev.twine/" + UdpStartupSink.class.getName(), String.valueOf(rcvbuf), String.valueOf(total)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Sends numbered, timestamped datagrams on a fixed schedule. */
    private static final class Sender {
        private final DatagramChannel channel;
        private final long interval;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1400);

        Sender(DatagramChannel channel, int rate) {
            this.channel = channel;
            this.interval = TimeUnit.SECONDS.toNanos(1) / rate;
        }

        /** Sends {@code n} datagrams to {@code to}; returns the longest gap between two sends (ns). */
        long send(InetSocketAddress to, int n) throws IOException {
            long start = System.nanoTime();
            long last = start;
            long longest = 0;
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    if (wait > 200_000) {
                        LockSupport.parkNanos(wait - 100_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                int size = 12 + (i * 37) % 1389;
                buffer.clear();
                buffer.putInt(i);
                long now = System.nanoTime();
                buffer.putLong(now);
                buffer.position(size).flip();
                channel.send(buffer, to);
                longest = Math.max(longest, now - last);
                last = now;
            }
            return longest;
        }
    }
}
