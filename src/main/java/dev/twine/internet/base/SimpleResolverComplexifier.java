package dev.twine.internet.base;

import dev.twine.internet.interfaces.IHostResolution;
import dev.twine.internet.interfaces.IHostnameResolver;
import dev.twine.internet.interfaces.IResolutionReceiver;
import dev.twine.internet.interfaces.IResolverSimple;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Presents a one-address {@link IResolverSimple} as an {@link IHostnameResolver}, so installing a simple resolver
 * also changes how connections resolve names: Twisted's {@code _resolver.SimpleResolverComplexifier}.
 */
public final class SimpleResolverComplexifier implements IHostnameResolver {
    private final IResolverSimple simple;

    public SimpleResolverComplexifier(IResolverSimple simple) {
        this.simple = simple;
    }

    @Override
    public IResolutionReceiver resolveHostName(IResolutionReceiver receiver, String hostName, int portNumber) {
        IHostResolution resolution = () -> hostName;
        receiver.resolutionBegan(resolution);
        simple.getHostByName(hostName).addCallbacks(address -> {
            try {
                receiver.addressResolved(new InetSocketAddress(InetAddress.ofLiteral(address), portNumber));
            } catch (IllegalArgumentException notLiteral) {
                // a resolver returning something other than an IP string resolves to nothing
            }
            return null;
        }, failure -> null).addBoth(ignored -> {
            receiver.resolutionComplete();
            return null;
        });
        return receiver;
    }

    /** The wrapped resolver. */
    public IResolverSimple simpleResolver() {
        return simple;
    }
}
