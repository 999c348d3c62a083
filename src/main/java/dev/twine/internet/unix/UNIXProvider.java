package dev.twine.internet.unix;

import dev.twine.internet.abstracts.ReactorBuffers;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnectedDatagramProtocol;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IUNIXConnectedDatagramTransport;
import dev.twine.internet.interfaces.IUNIXDatagramTransport;
import dev.twine.internet.interfaces.IUNIXProvider;

/**
 * UNIX sockets for the reactor, found as a service ({@code provides IUNIXProvider with UNIXProvider}) so that the
 * reactor core never imports the transports.
 */
public final class UNIXProvider implements IUNIXProvider {
    /** For {@link java.util.ServiceLoader}. */
    public UNIXProvider() {
    }

    @Override
    public IListeningPort listenUNIX(IReactor reactor, String address, IProtocolFactory factory, int backlog,
            int mode, boolean wantPID) {
        Port p = new Port(reactor, ReactorBuffers.of(reactor), address, factory, backlog, mode, wantPID);
        p.startListening();
        return p;
    }

    @Override
    public IConnector connectUNIX(IReactor reactor, String address, IClientFactory factory, double timeoutSeconds,
            boolean checkPID) {
        Connector c = new Connector(reactor, ReactorBuffers.of(reactor), address, factory, timeoutSeconds,
                checkPID);
        c.connect();
        return c;
    }

    @Override
    public IUNIXDatagramTransport listenUNIXDatagram(IReactor reactor, String address, IDatagramProtocol protocol,
            int maxPacketSize, int mode) {
        DatagramPort p = new DatagramPort(reactor, address, protocol, maxPacketSize, mode);
        p.startListening();
        return p;
    }

    @Override
    public IUNIXConnectedDatagramTransport connectUNIXDatagram(IReactor reactor, String address,
            IConnectedDatagramProtocol protocol, int maxPacketSize, int mode, String bindAddress) {
        ConnectedDatagramPort p = new ConnectedDatagramPort(reactor, address, protocol, maxPacketSize, mode,
                bindAddress);
        p.startListening();
        return p;
    }
}
