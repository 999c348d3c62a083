package dev.twine.internet.interfaces;

import dev.twine.python.Failure;

/**
 * What a connected UNIX datagram socket drives: the callbacks of Twisted's {@code ConnectedDatagramProtocol}. Runs
 * on the reactor thread.
 */
public interface IConnectedDatagramProtocol {
    /** The socket is connected: attach {@code transport} and start the protocol. */
    void makeConnection(IUNIXConnectedDatagramTransport transport);

    /** The socket is closed: stop the protocol. */
    void doStop();

    /** A datagram arrived from the peer (cut to the port's maxPacketSize). */
    void datagramReceived(byte[] data);

    /** The socket could not connect (or bind); it is closed already. */
    void connectionFailed(Failure reason);
}
