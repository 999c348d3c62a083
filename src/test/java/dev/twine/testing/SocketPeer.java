package dev.twine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * A plain blocking {@link Socket} as a test's peer (nothing of Twine's on its side): what it sends or reads runs on
 * a thread of its own, so the test's thread stays free to iterate the reactor while the peer blocks on a full TCP
 * window, and what went through is checked by its CRC-32.
 */
public final class SocketPeer {
    /**
     * The most bytes a Twine connection may queue toward a peer that does not read, as the flow-control tests check
     * it: the high-water mark plus what one 64 KiB read from the other side adds (its echo, the bytes forwarded, or
     * the responses to a read of pipelined requests, about 200 KiB).
     */
    public static final long QUEUE_BOUND = 512 * 1024;

    private static final int PIECE = 65536;

    private SocketPeer() {
    }

    /** What a peer thread does; it may block and fail on the socket. */
    @FunctionalInterface
    public interface Body<T> {
        T run() throws IOException;
    }

    /** Runs {@code body} on a new platform thread named {@code name}; completes with its result or its failure. */
    public static <T> CompletableFuture<T> onThread(String name, Body<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).start(() -> {
            try {
                result.complete(body.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Writes {@code total} pseudo-random bytes (from {@code seed}, in 64 KiB writes, so {@code total} should be a
     * multiple of 64 KiB) on a thread named {@code name}; completes with their CRC-32 once all are written.
     */
    public static CompletableFuture<Long> sendRandom(Socket socket, String name, long total, long seed)
            throws IOException {
        OutputStream out = socket.getOutputStream();
        return onThread(name, () -> {
            CRC32 crc = new CRC32();
            byte[] piece = new byte[PIECE];
            SplittableRandom random = new SplittableRandom(seed);
            for (long sent = 0; sent < total; sent += piece.length) {
                random.nextBytes(piece);
                out.write(piece);
                crc.update(piece);
            }
            return crc.getValue();
        });
    }

    /**
     * Reads {@code total} bytes on a thread named {@code name}; completes with their CRC-32, or fails if the stream
     * ends first.
     */
    public static CompletableFuture<Long> receive(Socket socket, String name, long total) throws IOException {
        InputStream in = socket.getInputStream();
        return onThread(name, () -> {
            CRC32 crc = new CRC32();
            byte[] buf = new byte[PIECE];
            for (long got = 0; got < total; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, total - got));
                if (n < 0) {
                    throw new AssertionError("end of stream after " + got + " of " + total + " bytes");
                }
                crc.update(buf, 0, n);
                got += n;
            }
            return crc.getValue();
        });
    }
}
