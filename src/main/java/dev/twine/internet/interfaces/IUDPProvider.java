package dev.twine.internet.interfaces;

import java.net.ProtocolFamily;

/**
 * The UDP transport as a service (found with {@link java.util.ServiceLoader}), so the reactor core offers
 * {@link IReactorUDP} without importing the transport package above it, as with {@link ITCPProvider}.
 */
public interface IUDPProvider {
    IUDPTransport listenUDP(IReactor reactor, int port, IDatagramProtocol protocol, String iface, int maxPacketSize,
            SocketOptions options);

    IMulticastTransport listenMulticast(IReactor reactor, int port, IDatagramProtocol protocol, String iface,
            int maxPacketSize, boolean listenMultiple);

    IListeningPort adoptDatagramPort(IReactor reactor, int fd, ProtocolFamily family, IDatagramProtocol protocol,
            int maxPacketSize);
}
