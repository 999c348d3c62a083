package dev.twine.internet.udp;

import dev.twine.internal.sys.Sockets;
import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.address.IPv6Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.protocol.DatagramProtocol;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ResourceSnapshot;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The frame of the UDP tests: a fresh reactor per test with leak and log checks ({@link ReactorFixture}), a
 * recording protocol, and a bounded loop that iterates the reactor until a condition holds.
 */
abstract class UdpTestBase {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    /** Records what a port gives it. */
    static class Recorder extends DatagramProtocol {
        final List<byte[]> data = new ArrayList<>();
        final List<IAddress> from = new ArrayList<>();
        int started;
        int stopped;
        int refused;

        @Override
        public void startProtocol() {
            started++;
        }

        @Override
        public void stopProtocol() {
            stopped++;
        }

        @Override
        public void datagramReceived(byte[] datagram, IAddress addr) {
            data.add(datagram);
            from.add(addr);
        }

        @Override
        public void connectionRefused() {
            refused++;
        }
    }

    /** Sends every datagram back where it came from. */
    static final class Echo extends Recorder {
        @Override
        public void datagramReceived(byte[] datagram, IAddress addr) {
            super.datagramReceived(datagram, addr);
            transport.write(datagram, socketAddress(addr));
        }
    }

    EPollReactor reactor() {
        return fixture.reactor();
    }

    Port listen(DatagramProtocol protocol) {
        return (Port) reactor().listenUDP(0, protocol, "127.0.0.1", 8192);
    }

    static InetSocketAddress socketAddress(IAddress addr) {
        return addr instanceof IPv6Address v6 ? v6.toInetSocketAddress() : ((IPv4Address) addr).toInetSocketAddress();
    }

    static InetSocketAddress local(Port port) {
        return socketAddress(port.getHost());
    }

    /** Iterates until {@code done}, failing after {@code seconds}. */
    void runUntil(BooleanSupplier done, double seconds) {
        Reactors.iterateUntil(reactor(), seconds, done);
    }

    void runUntil(BooleanSupplier done) {
        runUntil(done, Reactors.ITERATE_UNTIL_SECONDS);
    }

    /** Whether ::1 works here (IPv6 tests are skipped without it). */
    static boolean ipv6Loopback() {
        return ResourceSnapshot.ipv6Loopback(Sockets.SOCK_DGRAM);
    }

    @AfterEach
    void disconnectEverything() {
        reactor().disconnectAll();
        Reactors.settle(reactor());
    }
}
