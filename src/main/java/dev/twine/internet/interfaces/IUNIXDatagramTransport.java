package dev.twine.internet.interfaces;

/** A bound UNIX datagram socket: Twisted's {@code unix.DatagramPort} as its protocol writes to it. */
public interface IUNIXDatagramTransport extends IListeningPort {
    /**
     * Sends {@code datagram} to the socket named {@code address} (a path, or an abstract name starting with NUL).
     * As in Twisted, a datagram the kernel cannot take now (EAGAIN) is dropped.
     *
     * @throws dev.twine.internet.error.MessageLengthError if it is too big for one datagram
     * @throws dev.twine.internet.error.ErrnoException if nothing listens at {@code address} (ENOENT,
     *         ECONNREFUSED)
     */
    void write(byte[] datagram, String address);
}
