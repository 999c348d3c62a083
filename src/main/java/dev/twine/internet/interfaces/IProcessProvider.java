package dev.twine.internet.interfaces;

import java.util.List;

/**
 * The process transport as a service (found with {@link java.util.ServiceLoader}), so the reactor core offers
 * {@link IReactorProcess} without importing the transport package above it, as with {@link ITCPProvider}.
 */
public interface IProcessProvider {
    IProcessTransport spawnProcess(IReactor reactor, IProcessProtocol protocol, String executable, List<String> args,
            SpawnOptions options);

    /**
     * {@code reactor} is closing: its live children are left running, their pipes are closed, and each is reaped
     * when it exits so that none stays a zombie.
     */
    void reactorClosing(IReactor reactor);
}
