package dev.twine.internet.interfaces;

/** An outgoing connection attempt, and its connection: Twisted's {@code IConnector}. */
public interface IConnector {
    /** Stops an attempt in progress; the factory hears {@code clientConnectionFailed} with {@code UserError}. */
    void stopConnecting();

    /** Stops an attempt in progress, or closes the connection. */
    void disconnect();

    /** Tries again (for example from {@code clientConnectionLost}). */
    void connect();

    /** Where it connects to. */
    IAddress getDestination();

    /** {@code "disconnected"}, {@code "connecting"} or {@code "connected"}, as Twisted names them. */
    String state();
}
