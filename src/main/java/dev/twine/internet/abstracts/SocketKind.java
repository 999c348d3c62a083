package dev.twine.internet.abstracts;

/** The kinds of socket that differ in the options they support ({@link SocketOptionTable}). */
public enum SocketKind {
    /** A TCP socket, IPv4 or IPv6: listening or connected. */
    TCP,
    /** A UDP socket, IPv4 or IPv6. */
    UDP,
    /** An AF_UNIX socket, stream or datagram. */
    UNIX
}
