package dev.twine.internet.interfaces;

import dev.twine.internet.defer.Deferred;

/**
 * A listening socket: Twisted's {@code IListeningPort}. Its socket options ({@link IConfigurableSocket}) are the
 * listening socket's; a TCP port's are copied by the kernel to each connection it accepts after they are set.
 */
public interface IListeningPort extends IConfigurableSocket {
    /** Starts listening (done already by {@code listenTCP}); raises {@code CannotListenError}. */
    void startListening();

    /** Stops accepting; the Deferred fires once the socket is closed. */
    Deferred<Void> stopListening();

    /** The address it listens on (with the real port when it was asked for port 0). */
    IAddress getHost();
}
