package dev.twine.internet.host;

import dev.twine.internet.interfaces.IFileDescriptor;
import dev.twine.internet.interfaces.IReactor;
import java.util.Objects;

/**
 * What a reactor gives the transports it hosts, beyond the public {@link IReactor}: the end-of-pass flush, the
 * thread check, the per-reactor buffers and the registry of open descriptors that the reactor's {@code close()}
 * disconnects. It is the one seam between the reactor core and the transports above it: a reactor that implements
 * it (as {@link dev.twine.internet.base.ReactorBase} does) hosts every transport, unchanged. The package is not
 * exported, so users see none of this on their reactor.
 */
public interface TransportHost {
    /**
     * Bytes a transport may queue for writing before it pauses its streaming producer: Twisted's
     * {@code bufferSize}. Every transport paces by it, the stream base class and the TLS layer above any stream
     * alike, so it lives here at the seam rather than in one of them.
     */
    int BUFFER_SIZE = 64 * 1024;

    /**
     * The host behind {@code reactor}: every Twine reactor is one.
     *
     * @throws IllegalArgumentException if {@code reactor} is not a Twine reactor, which cannot host Twine's transports
     */
    static TransportHost of(IReactor reactor) {
        Objects.requireNonNull(reactor, "reactor");
        if (reactor instanceof TransportHost host) {
            return host;
        }
        throw new IllegalArgumentException(reactor.getClass().getName() + " cannot host Twine's transports: a reactor"
                + " must implement " + TransportHost.class.getName() + " (extend ReactorBase) to do so");
    }

    /**
     * Calls {@code flushable.flush()} at the end of this pass, after the pass's events and timed calls and before
     * the reactor next waits for I/O, so many small writes become one {@code writev}. Callers ask once per pass.
     */
    void flushAtEndOfPass(IFlushable flushable);

    /**
     * Raises {@link dev.twine.internet.error.ReactorWrongThread} unless the caller may touch this reactor's state
     * now: from its own thread while it runs, from any one thread while it does not. Transports call it first in
     * every method that changes their state, so a call from the wrong thread changes nothing.
     */
    void checkThread(String method);

    /**
     * The memory this reactor's transports share (read buffer, pool of write chunks): made with the reactor and
     * freed by its {@code close()}. Only the reactor's thread may use it.
     */
    ReactorBuffers buffers();

    /**
     * A transport or port of this reactor's is open: the reactor's {@code close()} disconnects it (with
     * {@link dev.twine.internet.error.ConnectionLost}) if it is still open then, registered for events or not
     * (paused, or stopping), so closing a reactor leaves no descriptor, socket file or lock behind.
     */
    void addOpenDescriptor(IFileDescriptor descriptor);

    /** {@code descriptor} has closed: the reactor's {@code close()} need not. Unknown ones are ignored. */
    void removeOpenDescriptor(IFileDescriptor descriptor);
}
