package dev.twine.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client of bench-idle.sh: opens COUNT TCP connections to 127.0.0.1:PORT and holds them idle for HOLD
 * seconds, then closes them all and exits. In mode {@code used} each connection first sends one keep-alive
 * "GET /" and reads its whole response (so the server's per-connection state is what a served, idle keep-alive
 * connection costs); in mode {@code fresh} it sends nothing. Prints "open N" once all are open.
 *
 * <pre>java -cp target/twine-benchmarks.jar dev.twine.bench.http.IdleConnections PORT COUNT used|fresh HOLD</pre>
 */
public final class IdleConnections {
    private IdleConnections() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        boolean used = !"fresh".equals(args.length > 2 ? args[2] : "used");
        double hold = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        byte[] request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int responseLength = HelloParser.OK_KEEP_ALIVE.length;
        ByteBuffer in = ByteBuffer.allocateDirect(4096);
        List<SocketChannel> open = new ArrayList<>(count);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel ch = SocketChannel.open(address);
                open.add(ch);
                if (used) {
                    ch.write(ByteBuffer.wrap(request));
                    in.clear();
                    while (in.position() < responseLength) {
                        if (ch.read(in) < 0) {
                            throw new IOException("connection " + i + " closed after " + in.position() + " bytes");
                        }
                    }
                }
            }
            System.out.printf("open %d (%s) in %.1f s%n", open.size(), used ? "used" : "fresh",
                    (System.nanoTime() - start) / 1e9);
            System.out.flush();
            Thread.sleep((long) (hold * 1000));
        } catch (IOException e) {
            System.out.println("failed after " + open.size() + " connections: " + e);
            System.out.flush();
        } finally {
            for (SocketChannel ch : open) {
                ch.close();
            }
        }
        System.out.println("closed " + open.size());
    }
}
