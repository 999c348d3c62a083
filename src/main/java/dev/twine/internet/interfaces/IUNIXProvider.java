package dev.twine.internet.interfaces;

/**
 * The UNIX socket transports as a service (found with {@link java.util.ServiceLoader}), so the reactor core offers
 * {@link IReactorUNIX} and {@link IReactorUNIXDatagram} without importing the transport package above it.
 */
public interface IUNIXProvider {
    IListeningPort listenUNIX(IReactor reactor, String address, IProtocolFactory factory, int backlog, int mode,
            boolean wantPID);

    IConnector connectUNIX(IReactor reactor, String address, IClientFactory factory, double timeoutSeconds,
            boolean checkPID);

    IUNIXDatagramTransport listenUNIXDatagram(IReactor reactor, String address, IDatagramProtocol protocol,
            int maxPacketSize, int mode);

    IUNIXConnectedDatagramTransport connectUNIXDatagram(IReactor reactor, String address,
            IConnectedDatagramProtocol protocol, int maxPacketSize, int mode, String bindAddress);

    /** {@code adoptStreamPort} for an AF_UNIX listening socket: the port works on a duplicate of {@code fd}. */
    IListeningPort adoptStreamPort(IReactor reactor, int fd, IProtocolFactory factory);

    /** {@code adoptStreamConnection} for a connected AF_UNIX stream socket, on a duplicate of {@code fd}. */
    void adoptStreamConnection(IReactor reactor, int fd, IProtocolFactory factory);
}
