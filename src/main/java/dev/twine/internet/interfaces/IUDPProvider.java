package dev.twine.internet.interfaces;

/**
 * The UDP transport as a service (found with {@link java.util.ServiceLoader}), so the reactor core offers
 * {@link IReactorUDP} without importing the transport package above it, as with {@link ITCPProvider}.
 */
public interface IUDPProvider {
    IUDPTransport listenUDP(IReactor reactor, int port, IDatagramProtocol protocol, String iface, int maxPacketSize);
}
