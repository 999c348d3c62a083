package dev.twine.internet.interfaces;

/** Resolves host names to all their addresses: Twisted's {@code IHostnameResolver}. */
public interface IHostnameResolver {
    /**
     * Resolves {@code hostName}, reporting each address (with {@code portNumber}) to {@code receiver} on the
     * reactor thread, and returns the receiver.
     */
    IResolutionReceiver resolveHostName(IResolutionReceiver receiver, String hostName, int portNumber);
}
