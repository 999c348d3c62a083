package dev.twine.internet.interfaces;

import java.net.SocketOption;
import java.util.Set;

/**
 * A transport or port whose socket options can be read and set, as {@link java.nio.channels.NetworkChannel} offers
 * them: the keys are the JDK's {@link java.net.StandardSocketOptions} and {@link jdk.net.ExtendedSocketOptions}
 * (plus {@link LinuxSocketOptions}), so code written for NIO reads the same here.
 *
 * <p>Which options a socket supports depends on its kind ({@link #supportedOptions()}):
 * <ul>
 * <li>TCP connections and listening ports: {@code SO_RCVBUF}, {@code SO_SNDBUF}, {@code SO_REUSEADDR},
 * {@code SO_REUSEPORT}, {@code SO_KEEPALIVE}, {@code SO_LINGER}, {@code IP_TOS}, {@code TCP_NODELAY},
 * {@code TCP_KEEPIDLE}, {@code TCP_KEEPINTERVAL}, {@code TCP_KEEPCOUNT}, {@code TCP_QUICKACK}. Linux copies a
 * listening socket's options to each connection it accepts, so setting them on the port sets them for every
 * connection accepted after.</li>
 * <li>UDP ports: {@code SO_RCVBUF}, {@code SO_SNDBUF}, {@code SO_REUSEADDR}, {@code SO_REUSEPORT},
 * {@code SO_BROADCAST}, {@code IP_TOS}, {@code IP_MULTICAST_TTL}, {@code IP_MULTICAST_LOOP}.</li>
 * <li>UNIX sockets: {@code SO_RCVBUF}, {@code SO_SNDBUF}.</li>
 * <li>All of them: {@link LinuxSocketOptions#SO_RCVBUFFORCE} and {@link LinuxSocketOptions#SO_SNDBUFFORCE}.</li>
 * </ul>
 *
 * <p>Buffer sizes: the kernel doubles what is asked (for its own bookkeeping) and reports the doubled value, and
 * it caps the request at {@code net.core.rmem_max} ({@code SO_RCVBUF}) or {@code net.core.wmem_max}
 * ({@code SO_SNDBUF}) without saying so: read {@code /proc/sys/net/core/rmem_max} to know the cap, raise it with
 * {@code sysctl}, or, with CAP_NET_ADMIN, use the {@code FORCE} options, which ignore it. {@code IP_TOS} of an IPv6
 * socket is its traffic class ({@code IPV6_TCLASS}), {@code IP_MULTICAST_TTL} its hop limit.
 *
 * <p>Options that must be set before the socket is bound ({@code SO_REUSEPORT}, {@code SO_REUSEADDR}, a listening
 * socket's {@code SO_RCVBUF} for the TCP window scale its connections offer) are given to
 * {@link IReactorTCP#listenTCP(int, IProtocolFactory, int, String, SocketOptions)} or
 * {@link IReactorUDP#listenUDP(int, IDatagramProtocol, String, int, SocketOptions)}.
 *
 * <p>Like every method of a transport, these run on the reactor thread.
 */
public interface IConfigurableSocket {
    /**
     * Sets option {@code name} to {@code value} on the socket now.
     *
     * @throws NullPointerException if {@code name} is null
     * @throws UnsupportedOperationException if this kind of socket does not support {@code name}
     * @throws IllegalArgumentException if {@code value} is null, not of the option's type or out of its range
     *         (buffer sizes positive, {@code IP_TOS} and {@code IP_MULTICAST_TTL} 0..255, {@code TCP_KEEPIDLE}
     *         and {@code TCP_KEEPINTERVAL} 1..32767 s, {@code TCP_KEEPCOUNT} 1..127)
     * @throws IllegalStateException if the socket is closed
     * @throws dev.twine.internet.error.ErrnoException if the kernel refuses it (its call names the option:
     *         {@code "setsockopt(SO_RCVBUFFORCE): EPERM"})
     */
    <T> void setOption(SocketOption<T> name, T value);

    /**
     * The value of option {@code name}, as the kernel reports it now ({@code SO_RCVBUF}: the doubled size;
     * {@code SO_LINGER}: seconds, or -1 when off; a {@code FORCE} option: the buffer size it set).
     *
     * @throws NullPointerException if {@code name} is null
     * @throws UnsupportedOperationException if this kind of socket does not support {@code name}
     * @throws IllegalStateException if the socket is closed
     * @throws dev.twine.internet.error.ErrnoException if the kernel refuses to tell
     */
    <T> T getOption(SocketOption<T> name);

    /** The options this socket supports: an unmodifiable set, the same whether it is open or closed. */
    Set<SocketOption<?>> supportedOptions();
}
