package dev.twine.internet.interfaces;

import dev.twine.python.Failure;

/** What a transport drives: Twisted's {@code IProtocol}. All methods run on the reactor thread. */
public interface IProtocol {
    /** Connects this protocol to {@code transport}, then calls {@link #connectionMade()}. */
    void makeConnection(ITransport transport);

    /** The connection is up. */
    void connectionMade();

    /**
     * Bytes arrived: exactly those read, in an array the protocol owns from now on.
     */
    void dataReceived(byte[] data);

    /** The connection is gone; {@code reason} wraps a {@code ConnectionDone} for a clean close. */
    void connectionLost(Failure reason);
}
