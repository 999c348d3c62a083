package dev.twine.internet.interfaces;

import java.net.InetSocketAddress;

/**
 * A bound UDP socket as its protocol sees it: Twisted's {@code IUDPTransport}. It is also the port
 * ({@link IListeningPort}), because a datagram socket has no connections to hand out: the one protocol both reads
 * and writes through it. All methods run on the reactor thread.
 */
public interface IUDPTransport extends IListeningPort {
    /**
     * Sends {@code datagram} as one datagram to {@code addr} (an IP literal, resolved; null in connected mode). A
     * datagram the kernel cannot take now (EAGAIN) is queued and sent when the socket is writable, in order.
     *
     * @throws dev.twine.internet.error.MessageLengthError if it is too big for one datagram (EMSGSIZE); the port
     *         stays open
     * @throws IllegalArgumentException if {@code addr} is unresolved, or is not the connected peer
     * @throws IllegalStateException if {@code addr} is null and the port is not connected
     */
    void write(byte[] datagram, InetSocketAddress addr);

    /** Sends {@code datagram} to the connected peer ({@link #connect}). */
    default void write(byte[] datagram) {
        write(datagram, null);
    }

    /**
     * Connected mode: only datagrams from {@code host:port} arrive, {@link #write(byte[])} goes there, and an ICMP
     * refusal of an earlier datagram reaches the protocol's {@code connectionRefused()}. Once only.
     *
     * @throws IllegalArgumentException if {@code host} is not an IP literal of the port's family or the port is
     *         out of range
     * @throws IllegalStateException if already connected
     */
    void connect(String host, int port);

    /** Lets (or stops) datagrams go to broadcast addresses: {@code SO_BROADCAST}. */
    void setBroadcastAllowed(boolean enabled);

    /** Whether {@code SO_BROADCAST} is set, as the kernel reports it. */
    boolean getBroadcastAllowed();
}
