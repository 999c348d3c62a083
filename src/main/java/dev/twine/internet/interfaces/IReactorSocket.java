package dev.twine.internet.interfaces;

import java.net.ProtocolFamily;

/** Taking over sockets opened elsewhere: Twisted's {@code IReactorSocket}. The reactor works on its own dup. */
public interface IReactorSocket {
    /** Serves connections on {@code fd}, a listening SOCK_STREAM socket of {@code family}. */
    IListeningPort adoptStreamPort(int fd, ProtocolFamily family, IProtocolFactory factory);

    /** Runs a protocol from {@code factory} on {@code fd}, a connected SOCK_STREAM socket of {@code family}. */
    void adoptStreamConnection(int fd, ProtocolFamily family, IProtocolFactory factory);

    /** {@link #adoptDatagramPort(int, ProtocolFamily, IDatagramProtocol, int)} with datagrams up to 8192 bytes. */
    default IListeningPort adoptDatagramPort(int fd, ProtocolFamily family, IDatagramProtocol protocol) {
        return adoptDatagramPort(fd, family, protocol, 8192);
    }

    /**
     * Runs {@code protocol} on {@code fd}, a bound SOCK_DGRAM socket of {@code family} (INET or INET6). The port
     * works on a duplicate: the caller still owns {@code fd} and may close it at once.
     *
     * @throws dev.twine.internet.error.UnsupportedAddressFamily if the family is not INET/INET6 or not fd's own
     * @throws dev.twine.internet.error.UnsupportedSocketType if {@code fd} is not a datagram socket
     * @throws dev.twine.internet.error.ErrnoException (EBADF) if {@code fd} is not open
     */
    IListeningPort adoptDatagramPort(int fd, ProtocolFamily family, IDatagramProtocol protocol, int maxPacketSize);
}
