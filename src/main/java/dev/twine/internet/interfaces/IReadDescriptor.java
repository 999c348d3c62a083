package dev.twine.internet.interfaces;

/** A descriptor the reactor reads from: Twisted's {@code IReadDescriptor}. */
public interface IReadDescriptor extends IFileDescriptor {
    /**
     * Called when the descriptor is readable. Returns {@code null} to go on, or the reason the connection ended
     * (for example a {@code ConnectionDone}), after which the reactor disconnects it.
     */
    Throwable doRead();

    /**
     * Whether an error event (EPOLLERR without EPOLLIN) means "read to learn the error" rather than "the
     * descriptor is finished". False for streams; true for datagram sockets, where the error belongs to one earlier
     * datagram (an ICMP refusal that {@code recv} reports once) and the socket goes on working.
     */
    default boolean readsErrorEvents() {
        return false;
    }
}
