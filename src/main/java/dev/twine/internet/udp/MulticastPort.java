package dev.twine.internet.udp;

import dev.twine.internal.sys.Multicast;
import dev.twine.internal.sys.Sockets;
import dev.twine.internet.abstracts.SocketAddresses;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.MulticastJoinError;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IMulticastTransport;
import dev.twine.internet.interfaces.IReactor;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A UDP port that joins multicast groups: Twisted's {@code udp.MulticastPort}. With {@code listenMultiple} it sets
 * {@code SO_REUSEADDR} and {@code SO_REUSEPORT} before binding, so several ports share one port number and each
 * gets a copy of every group datagram. IPv4 groups take an interface by its address; IPv6 groups by name or index.
 *
 * <p>Unlike a plain Linux socket (and so Twisted there), a port receives only the groups it joined itself: it
 * clears {@code IP_MULTICAST_ALL} ({@code IPV6_MULTICAST_ALL}), whose default lets a socket bound to the wildcard
 * address receive every group any socket on the host joined on its port, so that {@link #leaveGroup} really
 * stops a port's group traffic while another port still holds the group.
 *
 * <p>On the loopback interface the loopback mode cannot keep our own datagrams away: the device itself hands
 * everything it sends back to the host.
 */
public final class MulticastPort extends Port implements IMulticastTransport {
    private final boolean listenMultiple;

    MulticastPort(IReactor reactor, int port, IDatagramProtocol protocol, String iface, int maxPacketSize,
            boolean listenMultiple) {
        super(reactor, port, protocol, iface, maxPacketSize);
        this.listenMultiple = listenMultiple;
    }

    @Override
    void beforeBind(int s) {
        if (isV6()) {
            Sockets.setsockopt(s, Sockets.IPPROTO_IPV6, Multicast.IPV6_MULTICAST_ALL, 0);
        } else {
            Sockets.setsockopt(s, Multicast.IPPROTO_IP, Multicast.IP_MULTICAST_ALL, 0);
        }
        if (listenMultiple) {
            Sockets.setsockopt(s, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1);
            Sockets.setsockopt(s, Sockets.SOL_SOCKET, Multicast.SO_REUSEPORT, 1);
        }
    }

    @Override
    public String getOutgoingInterface() {
        requireIPv4("getOutgoingInterface");
        return Multicast.getInterface(socket()).getHostAddress();
    }

    @Override
    public Deferred<Void> setOutgoingInterface(String addr) {
        transportHost.checkThread("setOutgoingInterface");
        try {
            requireIPv4("setOutgoingInterface");
            InetAddress ip = SocketAddresses.literal(addr);
            if (!(ip instanceof Inet4Address v4)) {
                throw new IllegalArgumentException("the outgoing interface must be an IPv4 literal, not " + addr);
            }
            Multicast.setInterface(socket(), v4);
            return Deferred.succeed(null);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
    }

    @Override
    public boolean getLoopbackMode() {
        return Sockets.getsockopt(socket(), level(), isV6() ? Multicast.IPV6_MULTICAST_LOOP
                : Multicast.IP_MULTICAST_LOOP) != 0;
    }

    @Override
    public void setLoopbackMode(boolean mode) {
        transportHost.checkThread("setLoopbackMode");
        Sockets.setsockopt(socket(), level(), isV6() ? Multicast.IPV6_MULTICAST_LOOP : Multicast.IP_MULTICAST_LOOP,
                mode ? 1 : 0);
    }

    @Override
    public int getTTL() {
        return Sockets.getsockopt(socket(), level(), isV6() ? Multicast.IPV6_MULTICAST_HOPS
                : Multicast.IP_MULTICAST_TTL);
    }

    @Override
    public void setTTL(int ttl) {
        transportHost.checkThread("setTTL");
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("the multicast TTL must be in 0..255, was " + ttl);
        }
        Sockets.setsockopt(socket(), level(), isV6() ? Multicast.IPV6_MULTICAST_HOPS : Multicast.IP_MULTICAST_TTL,
                ttl);
    }

    @Override
    public Deferred<Void> joinGroup(String addr, String iface) {
        transportHost.checkThread("joinGroup");
        return membership(addr, iface, true);
    }

    @Override
    public Deferred<Void> leaveGroup(String addr, String iface) {
        transportHost.checkThread("leaveGroup");
        return membership(addr, iface, false);
    }

    private Deferred<Void> membership(String addr, String iface, boolean join) {
        String what = (join ? "join" : "leave") + " multicast group " + addr;
        try {
            InetAddress group = SocketAddresses.literal(addr);
            if (group == null || !group.isMulticastAddress()) {
                throw new MulticastJoinError("cannot " + what + ": not a multicast address literal", null);
            }
            if ((group instanceof Inet6Address) != isV6()) {
                throw new MulticastJoinError("cannot " + what + " on an IPv" + (isV6() ? "6" : "4") + " port", null);
            }
            String name = iface == null ? "" : iface;
            if (isV6()) {
                Multicast.membership(socket(), group, null, interfaceIndex(name, what), join);
            } else {
                InetAddress local = name.isEmpty() ? null : SocketAddresses.literal(name);
                if (!name.isEmpty() && !(local instanceof Inet4Address)) {
                    throw new MulticastJoinError("cannot " + what + ": the interface must be an IPv4 literal, not "
                            + name, null);
                }
                Multicast.membership(socket(), group, local, 0, join);
            }
            return Deferred.succeed(null);
        } catch (ErrnoException e) {
            return Deferred.fail(new MulticastJoinError("cannot " + what + " on " + iface + ": " + e.getMessage(),
                    e));
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
    }

    private static int interfaceIndex(String name, String what) {
        if (name.isEmpty()) {
            return 0;
        }
        if (name.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(name);
        }
        int index = Multicast.interfaceIndex(name);
        if (index == 0) {
            throw new MulticastJoinError("cannot " + what + ": no network interface named " + name, null);
        }
        return index;
    }

    private int level() {
        return isV6() ? Sockets.IPPROTO_IPV6 : Multicast.IPPROTO_IP;
    }

    private int socket() {
        int s = fileno();
        if (s < 0) {
            throw new IllegalStateException("multicast port " + realPort() + " is not listening");
        }
        return s;
    }

    private void requireIPv4(String call) {
        if (isV6()) {
            throw new UnsupportedOperationException(call + " takes an IPv4 interface address; this port is IPv6");
        }
    }
}
