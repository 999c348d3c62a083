package dev.twine.internet.interfaces;

import dev.twine.internet.defer.Deferred;

/** A listening socket: Twisted's {@code IListeningPort}. */
public interface IListeningPort {
    /** Starts listening (done already by {@code listenTCP}); raises {@code CannotListenError}. */
    void startListening();

    /** Stops accepting; the Deferred fires once the socket is closed. */
    Deferred<Void> stopListening();

    /** The address it listens on (with the real port when it was asked for port 0). */
    IAddress getHost();
}
