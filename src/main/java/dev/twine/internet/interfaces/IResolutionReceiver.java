package dev.twine.internet.interfaces;

import java.net.InetSocketAddress;

/** Receives the addresses of a host name resolution: Twisted's {@code IResolutionReceiver}. */
public interface IResolutionReceiver {
    /** The resolution started. */
    default void resolutionBegan(IHostResolution resolution) {
    }

    /** One address was found (the receiver may get several). */
    void addressResolved(InetSocketAddress address);

    /** No more addresses will come; none at all means the name did not resolve. */
    void resolutionComplete();
}
