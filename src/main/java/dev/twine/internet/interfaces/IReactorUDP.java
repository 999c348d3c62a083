package dev.twine.internet.interfaces;

/** UDP ports: Twisted's {@code IReactorUDP}. */
public interface IReactorUDP {
    /** Listens on {@code port} (0: any free port) of all IPv4 interfaces, reading datagrams of up to 8192 bytes. */
    default IUDPTransport listenUDP(int port, IDatagramProtocol protocol) {
        return listenUDP(port, protocol, "", 8192);
    }

    /**
     * Binds a UDP socket to {@code port} of {@code iface} ({@code ""}: all IPv4 interfaces; an IPv6 literal makes
     * an IPv6-only socket) and starts {@code protocol} on it. Longer datagrams are cut to {@code maxPacketSize}.
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code maxPacketSize} is not positive
     * @throws dev.twine.internet.error.CannotListenError if the address is in use or cannot be bound
     */
    IUDPTransport listenUDP(int port, IDatagramProtocol protocol, String iface, int maxPacketSize);

    /**
     * As {@link #listenUDP(int, IDatagramProtocol, String, int)}, with {@code options} set on the socket before it
     * is bound: {@code SO_REUSEPORT} (several ports on one number, the kernel spreading datagrams among them),
     * {@code SO_RCVBUF} (how many datagrams can wait while the reactor is busy: a burst bigger than it is dropped by
     * the kernel), or any other option of a UDP socket ({@link IConfigurableSocket}).
     *
     * @throws UnsupportedOperationException if a UDP socket does not support one of {@code options} (checked
     *         before any socket is made)
     * @throws IllegalArgumentException if a value is out of its option's range, {@code port} is outside 0..65535
     *         or {@code maxPacketSize} is not positive
     * @throws dev.twine.internet.error.CannotListenError if the address is in use or cannot be bound, or the
     *         kernel refuses an option (its {@link dev.twine.internet.error.ErrnoException} is the cause); nothing
     *         is left open
     */
    IUDPTransport listenUDP(int port, IDatagramProtocol protocol, String iface, int maxPacketSize,
            SocketOptions options);
}
