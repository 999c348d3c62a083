package dev.twine.internet.tcp;

import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.python.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A server and client factory that records every call in order ({@link #events}) and builds protocols with
 * {@link #builder} (null from it refuses the connection).
 */
class RecordingFactory implements IClientFactory {
    final List<String> events = new ArrayList<>();
    final List<IProtocol> built = new ArrayList<>();
    final List<IAddress> addresses = new ArrayList<>();
    final List<Failure> failed = new ArrayList<>();
    final List<Failure> lost = new ArrayList<>();
    int starts;
    int stops;
    int numPorts;
    Function<IAddress, IProtocol> builder = a -> new RecordingProtocol(events);
    /** Runs in clientConnectionFailed / clientConnectionLost, for reconnecting factories. */
    java.util.function.BiConsumer<IConnector, Failure> onFailed = (c, f) -> { };
    java.util.function.BiConsumer<IConnector, Failure> onLost = (c, f) -> { };

    @Override
    public IProtocol buildProtocol(IAddress addr) {
        events.add("buildProtocol");
        addresses.add(addr);
        IProtocol p = builder.apply(addr);
        if (p != null) {
            built.add(p);
        }
        return p;
    }

    @Override
    public void doStart() {
        events.add("doStart");
        starts++;
        numPorts++;
    }

    @Override
    public void doStop() {
        events.add("doStop");
        stops++;
        numPorts--;
        if (numPorts < 0) {
            throw new AssertionError("doStop without doStart");
        }
    }

    @Override
    public void startedConnecting(IConnector connector) {
        events.add("startedConnecting");
    }

    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        events.add("clientConnectionFailed");
        failed.add(reason);
        onFailed.accept(connector, reason);
    }

    @Override
    public void clientConnectionLost(IConnector connector, Failure reason) {
        events.add("clientConnectionLost");
        lost.add(reason);
        onLost.accept(connector, reason);
    }

    @SuppressWarnings("unchecked")
    <P extends IProtocol> P protocol(int index) {
        return (P) built.get(index);
    }
}
