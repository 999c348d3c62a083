package dev.twine.internet.base;

import dev.twine.internet.interfaces.IHostResolution;
import dev.twine.internet.interfaces.IHostnameResolver;
import dev.twine.internet.interfaces.IReactorThreads;
import dev.twine.internet.interfaces.IResolutionReceiver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves names to every address with the JDK's resolver ({@code getaddrinfo} underneath) on the reactor's
 * thread pool, reporting to the receiver on the reactor thread: Twisted's {@code _resolver.GAIResolver}.
 */
public final class GAIResolver implements IHostnameResolver {
    private final IReactorThreads reactor;

    public GAIResolver(IReactorThreads reactor) {
        this.reactor = reactor;
    }

    @Override
    public IResolutionReceiver resolveHostName(IResolutionReceiver receiver, String hostName, int portNumber) {
        IHostResolution resolution = () -> hostName;
        receiver.resolutionBegan(resolution);
        reactor.callInThread(() -> {
            List<InetAddress> found;
            try {
                found = List.of(InetAddress.getAllByName(hostName));
            } catch (UnknownHostException | RuntimeException e) {
                found = List.of();
            }
            List<InetAddress> addresses = found;
            reactor.callFromThread(() -> {
                for (InetAddress address : addresses) {
                    receiver.addressResolved(new InetSocketAddress(address, portNumber));
                }
                receiver.resolutionComplete();
            });
        });
        return receiver;
    }
}
