package dev.twine.internet.udp;

import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IUDPProvider;
import dev.twine.internet.interfaces.IUDPTransport;

/**
 * UDP for the reactor, found as a service ({@code provides IUDPProvider with UDPProvider}) so that the reactor core
 * never imports the transports.
 */
public final class UDPProvider implements IUDPProvider {
    /** For {@link java.util.ServiceLoader}. */
    public UDPProvider() {
    }

    @Override
    public IUDPTransport listenUDP(IReactor reactor, int port, IDatagramProtocol protocol, String iface,
            int maxPacketSize) {
        Port p = new Port(reactor, port, protocol, iface, maxPacketSize);
        p.startListening();
        return p;
    }
}
