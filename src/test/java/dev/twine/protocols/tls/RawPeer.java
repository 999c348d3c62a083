package dev.twine.protocols.tls;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ErrnoException;
import dev.twine.testing.Fds;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;

/**
 * A hostile or broken TLS client made of a bare non-blocking socket on loopback: it sends exactly the bytes it is
 * given (retrying while the connect completes) and notes when the server closes (end of file or reset). The test
 * pumps it from its reactor loop, so nothing blocks; the socket is tracked by the test's {@link Fds}.
 */
final class RawPeer {
    private final Fds fds;
    final int fd;
    private byte[] out = new byte[0];
    private int sent;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final byte[] scratch = new byte[16 * 1024];
    private boolean closedByServer;
    private boolean released;

    RawPeer(Fds fds, int port) {
        this.fds = fds;
        this.fd = fds.track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        Sockets.connect(fd, new InetSocketAddress("127.0.0.1", port));
    }

    /** Queues {@code bytes} to send; {@link #pump()} sends them. */
    RawPeer send(byte[] bytes) {
        byte[] rest = java.util.Arrays.copyOfRange(out, sent, out.length);
        out = new byte[rest.length + bytes.length];
        System.arraycopy(rest, 0, out, 0, rest.length);
        System.arraycopy(bytes, 0, out, rest.length, bytes.length);
        sent = 0;
        return this;
    }

    /** Sends what it can and reads what came; true once the server has closed the connection. */
    boolean pump() {
        if (closedByServer) {
            return true;
        }
        try {
            while (sent < out.length) {
                int n = Syscalls.write(fd, out, sent, out.length - sent);
                if (n == Syscalls.WOULD_BLOCK) {
                    break;
                }
                sent += n;
            }
            while (true) {
                int n = Syscalls.read(fd, scratch, 0, scratch.length);
                if (n == Syscalls.WOULD_BLOCK) {
                    return false;
                }
                if (n == 0) {
                    closedByServer = true;
                    return true;
                }
                received.write(scratch, 0, n);
            }
        } catch (ErrnoException reset) {
            // ECONNRESET, EPIPE: the server aborted the connection
            closedByServer = true;
            return true;
        }
    }

    /** What came since the last call, taken out. */
    byte[] take() {
        byte[] bytes = received.toByteArray();
        received.reset();
        return bytes;
    }

    boolean allSent() {
        return sent == out.length;
    }

    /** Closes this end (once). */
    void close() {
        if (!released) {
            released = true;
            fds.close(fd);
        }
    }
}
