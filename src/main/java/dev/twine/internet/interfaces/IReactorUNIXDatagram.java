package dev.twine.internet.interfaces;

/** UNIX datagram sockets: Twisted's {@code IReactorUNIXDatagram}. */
public interface IReactorUNIXDatagram {
    /** Listens on {@code address}, reading datagrams of up to 8192 bytes, with mode 0666. */
    default IUNIXDatagramTransport listenUNIXDatagram(String address, IDatagramProtocol protocol) {
        return listenUNIXDatagram(address, protocol, 8192, 0666);
    }

    /**
     * Binds a datagram socket to {@code address} (a path, given {@code mode}, or an abstract name) and starts
     * {@code protocol}, which hears each datagram with its sender's {@link dev.twine.internet.address.UNIXAddress}
     * and writes through the returned transport. The port is also the protocol's {@link IUDPTransport}, whose
     * IP-only methods it refuses.
     *
     * @throws IllegalArgumentException if {@code address} is empty or too long, or {@code maxPacketSize} is not
     *         positive
     * @throws dev.twine.internet.error.CannotListenError if it cannot bind
     */
    IUNIXDatagramTransport listenUNIXDatagram(String address, IDatagramProtocol protocol, int maxPacketSize,
            int mode);

    /** Connects to {@code address} from an unnamed socket, reading datagrams of up to 8192 bytes. */
    default IUNIXConnectedDatagramTransport connectUNIXDatagram(String address, IConnectedDatagramProtocol protocol) {
        return connectUNIXDatagram(address, protocol, 8192, 0666, null);
    }

    /**
     * A datagram socket bound to {@code bindAddress} (null: unnamed, so the peer cannot answer) and connected to
     * {@code address}. A failure to bind or connect reaches the protocol's {@code connectionFailed}.
     */
    IUNIXConnectedDatagramTransport connectUNIXDatagram(String address, IConnectedDatagramProtocol protocol,
            int maxPacketSize, int mode, String bindAddress);
}
