package dev.twine.internet.interfaces;

import dev.twine.internet.defer.Deferred;

/** Resolves a host name to one IP address string: Twisted's {@code IResolverSimple}. */
public interface IResolverSimple {
    /** Fires with an address such as {@code "127.0.0.1"}, or fails with {@code DNSLookupError}. */
    Deferred<String> getHostByName(String name, int... timeouts);
}
