package dev.twine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel allows this process for socket buffers: the caps the option tests measure against. */
public final class NetCore {
    private static final int CAP_NET_ADMIN = 12;

    private NetCore() {
    }

    /** {@code net.core.rmem_max}: the largest {@code SO_RCVBUF} an unprivileged process can ask for. */
    public static int rmemMax() {
        return read("/proc/sys/net/core/rmem_max");
    }

    /** {@code net.core.wmem_max}: the same for {@code SO_SNDBUF}. */
    public static int wmemMax() {
        return read("/proc/sys/net/core/wmem_max");
    }

    /** Whether this process has CAP_NET_ADMIN in effect (needed for the FORCE buffer options). */
    public static boolean hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (caps & (1L << CAP_NET_ADMIN)) != 0;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int read(String file) {
        try {
            // Not Files.readString: on procfs it can return a short first read ("4" of "4194304").
            return Integer.parseInt(Files.readAllLines(Path.of(file)).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
