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
}
