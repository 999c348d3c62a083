package dev.twine.internet.interfaces;

import dev.twine.internet.defer.Deferred;

/**
 * A UDP port that takes part in multicast: Twisted's {@code IMulticastTransport}. Addresses are IP literals;
 * an interface is named by its IPv4 address ({@code ""}: the kernel's choice), or for IPv6 groups by its name
 * ({@code "lo"}) or index. All methods run on the reactor thread.
 */
public interface IMulticastTransport extends IUDPTransport {
    /** The IPv4 address of the interface multicast is sent from ({@code "0.0.0.0"}: the kernel's choice). */
    String getOutgoingInterface();

    /**
     * Sends multicast out of the interface with IPv4 address {@code addr} ({@code IP_MULTICAST_IF}). The Deferred
     * fails with {@link IllegalArgumentException} for anything but an IPv4 literal, or with the kernel's error.
     */
    Deferred<Void> setOutgoingInterface(String addr);

    /** Whether datagrams this port sends to a group are delivered to the group's members on this host too. */
    boolean getLoopbackMode();

    /** Sets {@code IP_MULTICAST_LOOP} (or its IPv6 twin). */
    void setLoopbackMode(boolean mode);

    /** The time-to-live (hop limit) of multicast datagrams sent. */
    int getTTL();

    /**
     * Sets the multicast time-to-live (hop limit), 0..255.
     *
     * @throws IllegalArgumentException if {@code ttl} is out of range
     */
    void setTTL(int ttl);

    /** {@link #joinGroup(String, String)} on the kernel's choice of interface. */
    default Deferred<Void> joinGroup(String addr) {
        return joinGroup(addr, "");
    }

    /**
     * Joins multicast group {@code addr} on {@code iface}. The Deferred fails with
     * {@link dev.twine.internet.error.MulticastJoinError} when {@code addr} is not a multicast literal of the
     * port's family or the kernel refuses.
     */
    Deferred<Void> joinGroup(String addr, String iface);

    /** {@link #leaveGroup(String, String)} on the kernel's choice of interface. */
    default Deferred<Void> leaveGroup(String addr) {
        return leaveGroup(addr, "");
    }

    /** Leaves multicast group {@code addr} joined on {@code iface}; fails like {@link #joinGroup}. */
    Deferred<Void> leaveGroup(String addr, String iface);
}
