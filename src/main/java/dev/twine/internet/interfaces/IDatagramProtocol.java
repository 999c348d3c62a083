package dev.twine.internet.interfaces;

/**
 * What a UDP port drives: the callbacks of Twisted's {@code DatagramProtocol}, as an interface so the reactor's
 * interfaces do not depend on the protocol classes above them. Runs on the reactor thread.
 */
public interface IDatagramProtocol {
    /** The port is bound: attach {@code transport} and start the protocol. */
    void makeConnection(IUDPTransport transport);

    /** The port is closed: stop the protocol. */
    void doStop();

    /**
     * One datagram arrived from {@code addr}; {@code data} is the protocol's own array, cut to the port's
     * maxPacketSize when the datagram was longer.
     */
    void datagramReceived(byte[] data, IAddress addr);

    /** In connected mode, the peer refused an earlier datagram (ICMP port unreachable: ECONNREFUSED). */
    void connectionRefused();
}
