package dev.twine.internet.interfaces;

import java.net.SocketOption;

/**
 * Socket options of Linux that neither {@link java.net.StandardSocketOptions} nor
 * {@link jdk.net.ExtendedSocketOptions} name, for {@link IConfigurableSocket} and {@link SocketOptions}.
 */
public final class LinuxSocketOptions {
    /**
     * {@code SO_RCVBUFFORCE}: the receive buffer size, as {@code SO_RCVBUF}, but not capped at
     * {@code net.core.rmem_max}. Needs CAP_NET_ADMIN (root): otherwise setting it fails with an
     * {@link dev.twine.internet.error.ErrnoException} of EPERM. Reading it reads {@code SO_RCVBUF}.
     */
    public static final SocketOption<Integer> SO_RCVBUFFORCE = new LinuxOption<>("SO_RCVBUFFORCE", Integer.class);

    /** {@code SO_SNDBUFFORCE}: {@link #SO_RCVBUFFORCE} for the send buffer ({@code net.core.wmem_max}). */
    public static final SocketOption<Integer> SO_SNDBUFFORCE = new LinuxOption<>("SO_SNDBUFFORCE", Integer.class);

    private LinuxSocketOptions() {
    }

    private record LinuxOption<T>(String name, Class<T> type) implements SocketOption<T> {
        @Override
        public String toString() {
            return name;
        }
    }
}
