package dev.twine.internet.interfaces;

/**
 * A UNIX datagram socket connected to one peer: Twisted's {@code unix.ConnectedDatagramPort} as its
 * {@link IConnectedDatagramProtocol} sees it.
 */
public interface IUNIXConnectedDatagramTransport extends IListeningPort {
    /**
     * Sends {@code datagram} to the peer; dropped if the kernel cannot take it now (EAGAIN), as in Twisted.
     *
     * @throws dev.twine.internet.error.MessageLengthError if it is too big for one datagram
     */
    void write(byte[] datagram);

    /** The peer's address. */
    IAddress getPeer();
}
