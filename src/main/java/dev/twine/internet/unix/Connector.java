package dev.twine.internet.unix;

import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.address.UNIXAddress;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.tcp.BaseClient;
import dev.twine.internet.tcp.BaseConnector;

/**
 * An outgoing UNIX connection, made and remade: Twisted's {@code unix.Connector}, a {@link BaseConnector} whose
 * attempts are UNIX {@link Client}s to a path or an abstract name.
 */
final class Connector extends BaseConnector {
    private final String address;
    private final boolean checkPID;

    Connector(IReactor reactor, String address, IClientFactory factory, double timeoutSeconds, boolean checkPID) {
        super(reactor, factory, timeoutSeconds);
        UnixSockets.bytes(address);
        this.address = address;
        this.checkPID = checkPID;
    }

    @Override
    protected BaseClient makeTransport() {
        return new Client(reactor, address, checkPID, this);
    }

    @Override
    protected String describeDestination() {
        return UnixSockets.printable(address);
    }

    @Override
    public IAddress getDestination() {
        return new UNIXAddress(address);
    }
}
