package dev.twine.internet.interfaces;

/** Multicast UDP ports: Twisted's {@code IReactorMulticast}. */
public interface IReactorMulticast {
    /** Listens on {@code port} of all IPv4 interfaces, datagrams up to 8192 bytes, port not shared. */
    default IMulticastTransport listenMulticast(int port, IDatagramProtocol protocol) {
        return listenMulticast(port, protocol, "", 8192, false);
    }

    /**
     * As {@link IReactorUDP#listenUDP}, for a port that can join multicast groups. With {@code listenMultiple} it
     * sets {@code SO_REUSEADDR} and {@code SO_REUSEPORT}, so several ports (of this process or others) bind the
     * same port number and each receives the group's datagrams.
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code maxPacketSize} is not positive
     * @throws dev.twine.internet.error.CannotListenError if the address is in use or cannot be bound
     */
    IMulticastTransport listenMulticast(int port, IDatagramProtocol protocol, String iface, int maxPacketSize,
            boolean listenMultiple);
}
