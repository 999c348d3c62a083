package dev.twine.internet.protocol;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.error.NotConnectingError;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IConnector;

/** Counts connect()/stopConnecting() calls; stopConnecting fails like a real connector's when not connecting. */
final class FakeConnector implements IConnector {
    int connects;
    int stopConnectings;
    String state = "disconnected";

    @Override
    public void stopConnecting() {
        stopConnectings++;
        if (!state.equals("connecting")) {
            throw new NotConnectingError("not connecting");
        }
        state = "disconnected";
    }

    @Override
    public void disconnect() {
        state = "disconnected";
    }

    @Override
    public void connect() {
        connects++;
        state = "connecting";
    }

    @Override
    public IAddress getDestination() {
        return new IPv4Address("TCP", "127.0.0.1", 8000);
    }

    @Override
    public String state() {
        return state;
    }
}
