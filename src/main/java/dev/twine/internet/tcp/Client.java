package dev.twine.internet.tcp;

import dev.twine.internal.sys.Sockets;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.error.ConnectBindError;
import dev.twine.internet.error.DNSLookupError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IHostResolution;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IResolutionReceiver;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One attempt of a {@link Connector}, and the connection it becomes: Twisted's {@code tcp.Client}. A host name is
 * resolved with the reactor's {@link dev.twine.internet.interfaces.IHostnameResolver} (off the reactor's thread)
 * and its first address used; the rest of the attempt is {@link BaseClient}'s.
 */
public final class Client extends BaseClient {
    private final String host;
    private final int port;
    private final InetSocketAddress bindAddress;
    private InetSocketAddress realAddress;
    private Resolution resolution;

    Client(IReactor reactor, String host, int port, InetSocketAddress bindAddress, Connector connector) {
        super(reactor, connector);
        this.host = host;
        this.port = port;
        this.bindAddress = bindAddress;
        InetAddress literal = SocketAddresses.literal(host);
        if (literal != null) {
            realAddress = new InetSocketAddress(literal, port);
        }
    }

    @Override
    protected void attempt() {
        if (realAddress != null) {
            connectSocket();
            return;
        }
        Resolution r = new Resolution();
        resolution = r;
        reactor.nameResolver().resolveHostName(r, host, port);
    }

    /** Collects the addresses of one resolution; a stale one (the attempt ended meanwhile) is ignored. */
    private final class Resolution implements IResolutionReceiver {
        private IHostResolution handle;
        private InetSocketAddress first;

        @Override
        public void resolutionBegan(IHostResolution resolution) {
            handle = resolution;
        }

        @Override
        public void addressResolved(InetSocketAddress address) {
            if (first == null) {
                first = address;
            }
        }

        @Override
        public void resolutionComplete() {
            if (resolution != this || !attempting()) {
                return;
            }
            resolution = null;
            if (first == null) {
                failIfNotConnected(new DNSLookupError("address '" + host + "' not found"));
                return;
            }
            realAddress = first.getPort() == port ? first : new InetSocketAddress(first.getAddress(), port);
            connectSocket();
        }
    }

    @Override
    protected String stage() {
        return resolution != null ? "while looking up '" + host + "' (nothing was attempted yet)" : super.stage();
    }

    @Override
    protected void cancelAttempt() {
        Resolution r = resolution;
        resolution = null;
        if (r != null && r.handle != null) {
            r.handle.cancel();
        }
    }

    @Override
    protected int openSocket() {
        boolean v6 = realAddress.getAddress() instanceof Inet6Address;
        int s;
        try {
            s = Sockets.socket(v6 ? Sockets.AF_INET6 : Sockets.AF_INET, Sockets.SOCK_STREAM);
        } catch (ErrnoException e) {
            throw new ConnectBindError("could not bind: " + e.getMessage(), e);
        }
        if (bindAddress != null) {
            try {
                Sockets.bind(s, bindAddress);
            } catch (ErrnoException e) {
                Syscalls.close(s);
                throw new ConnectBindError("could not bind: " + e.getMessage(), e);
            }
        }
        return s;
    }

    @Override
    protected int connect(int s) {
        return Sockets.connect(s, realAddress);
    }

    @Override
    public IAddress getPeer() {
        return realAddress == null ? null : SocketAddresses.of("TCP", realAddress);
    }

    @Override
    public String toString() {
        return "<" + logPrefix() + " to " + host + " port " + port + (connected ? "" : " (connecting)") + ">";
    }
}
