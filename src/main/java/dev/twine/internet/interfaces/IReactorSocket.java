package dev.twine.internet.interfaces;

import java.net.ProtocolFamily;

/** Taking over sockets opened elsewhere: Twisted's {@code IReactorSocket}. The reactor works on its own dup. */
public interface IReactorSocket {
    /** Serves connections on {@code fd}, a listening SOCK_STREAM socket of {@code family}. */
    IListeningPort adoptStreamPort(int fd, ProtocolFamily family, IProtocolFactory factory);

    /** Runs a protocol from {@code factory} on {@code fd}, a connected SOCK_STREAM socket of {@code family}. */
    void adoptStreamConnection(int fd, ProtocolFamily family, IProtocolFactory factory);
}
