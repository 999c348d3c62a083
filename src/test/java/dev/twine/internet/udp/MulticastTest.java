package dev.twine.internet.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twine.internal.sys.Errno;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.MulticastJoinError;
import dev.twine.internet.interfaces.IMulticastTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * listenMulticast on loopback. This kernel's {@code lo} has no MULTICAST flag, yet IPv4 group traffic works on it
 * when the group is joined on 127.0.0.1 and sent with {@code IP_MULTICAST_IF} 127.0.0.1; IPv6 groups can be joined
 * on {@code lo} but sending to them needs the flag and a multicast route through {@code lo} (ENETUNREACH without
 * them), so IPv6 delivery is tested only where the host has those. Loopback mode off cannot be shown on
 * {@code lo}: the device loops back all it sends.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MulticastTest extends UdpTestBase {
    private static final String GROUP = "239.255.42.99";
    private static final String MARKER_GROUP = "239.255.42.100";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** Runs until {@code d} has fired and returns its failure, or null if it succeeded. */
    private Throwable outcome(Deferred<Void> d) {
        AtomicReference<Object> result = new AtomicReference<>();
        d.addCallbacks(ok -> {
            result.set("ok");
            return null;
        }, failure -> {
            result.set(failure.value());
            return null;
        });
        runUntil(() -> result.get() != null);
        return result.get() instanceof Throwable t ? t : null;
    }

    private IMulticastTransport sender(String iface) {
        IMulticastTransport s = reactor().listenMulticast(0, new Recorder(), iface, 8192, false);
        assertThat(outcome(s.setOutgoingInterface(iface))).isNull();
        s.setLoopbackMode(true);
        return s;
    }

    @Test
    void twoSharedPortsBothReceiveAndNoneAfterLeaving() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        IMulticastTransport portA = reactor().listenMulticast(0, a, "", 8192, true);
        int number = ((Port) portA).realPort();
        IMulticastTransport portB = reactor().listenMulticast(number, b, "", 8192, true);
        for (IMulticastTransport p : new IMulticastTransport[] {portA, portB}) {
            assertThat(outcome(p.joinGroup(GROUP, "127.0.0.1"))).isNull();
            assertThat(outcome(p.joinGroup(MARKER_GROUP, "127.0.0.1"))).isNull();
        }
        IMulticastTransport sender = sender("127.0.0.1");
        assertThat(sender.getLoopbackMode()).isTrue();

        sender.write(ascii("to both"), new InetSocketAddress(GROUP, number));
        runUntil(() -> a.data.size() == 1 && b.data.size() == 1);
        assertThat(text(a.data.get(0))).isEqualTo("to both");
        assertThat(text(b.data.get(0))).isEqualTo("to both");

        assertThat(outcome(portB.leaveGroup(GROUP, "127.0.0.1"))).isNull();
        sender.write(ascii("after leaving"), new InetSocketAddress(GROUP, number));
        sender.write(ascii("marker"), new InetSocketAddress(MARKER_GROUP, number));
        // Both go the same way from one socket, in order: once B has the marker, the group datagram sent before it
        // would have arrived first. A, still a member, shows it was really sent.
        runUntil(() -> a.data.size() == 3 && b.data.size() >= 2);
        assertThat(text(a.data.get(1))).isEqualTo("after leaving");
        assertThat(text(a.data.get(2))).isEqualTo("marker");
        assertThat(b.data).extracting(MulticastTest::text).containsExactly("to both", "marker");
    }

    @Test
    void withoutListenMultipleTheSecondPortCannotBind() {
        IMulticastTransport first = reactor().listenMulticast(0, new Recorder(), "", 8192, false);
        int number = ((Port) first).realPort();
        assertThatThrownBy(() -> reactor().listenMulticast(number, new Recorder(), "", 8192, false))
                .isInstanceOf(CannotListenError.class);
    }

    @Test
    void ttlAndInterfaceRoundTrip() {
        IMulticastTransport port = reactor().listenMulticast(0, new Recorder());
        assertThat(port.getTTL()).isEqualTo(1);
        port.setTTL(17);
        assertThat(port.getTTL()).isEqualTo(17);
        assertThatThrownBy(() -> port.setTTL(256)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");

        assertThat(port.getOutgoingInterface()).isEqualTo("0.0.0.0");
        assertThat(outcome(port.setOutgoingInterface("127.0.0.1"))).isNull();
        assertThat(port.getOutgoingInterface()).isEqualTo("127.0.0.1");
        assertThat(outcome(port.setOutgoingInterface("not-an-address")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-address");

        port.setLoopbackMode(false);
        assertThat(port.getLoopbackMode()).isFalse();
        port.setLoopbackMode(true);
        assertThat(port.getLoopbackMode()).isTrue();
    }

    @Test
    void joiningWhatIsNotAGroupFailsClearly() {
        IMulticastTransport port = reactor().listenMulticast(0, new Recorder());
        assertThat(outcome(port.joinGroup("127.0.0.1", "127.0.0.1")))
                .isInstanceOf(MulticastJoinError.class).hasMessageContaining("127.0.0.1")
                .hasMessageContaining("not a multicast");
        assertThat(outcome(port.joinGroup("ff02::1", "")))
                .isInstanceOf(MulticastJoinError.class).hasMessageContaining("IPv4 port");
        assertThat(outcome(port.joinGroup(GROUP, "lo")))
                .isInstanceOf(MulticastJoinError.class).hasMessageContaining("lo");
        // Leaving a group never joined: the kernel says EADDRNOTAVAIL.
        assertThat(outcome(port.leaveGroup(GROUP, "127.0.0.1")))
                .isInstanceOf(MulticastJoinError.class).hasMessageContaining(GROUP);
        // The port still works after all that.
        assertThat(outcome(port.joinGroup(GROUP, "127.0.0.1"))).isNull();
    }

    @Test
    void ipv6GroupsJoinAndLeaveOnLoopback() {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        String group = "ff02::4242";
        Recorder member = new Recorder();
        IMulticastTransport port = reactor().listenMulticast(0, member, "::", 8192, true);
        int number = ((Port) port).realPort();
        assertThat(outcome(port.joinGroup(group, "lo"))).isNull();
        assertThat(port.getTTL()).isEqualTo(1);
        port.setTTL(5);
        assertThat(port.getTTL()).isEqualTo(5);
        assertThat(outcome(port.joinGroup(GROUP, "lo"))).isInstanceOf(MulticastJoinError.class);
        assertThat(outcome(port.joinGroup(group, "no-such-interface"))).isInstanceOf(MulticastJoinError.class)
                .hasMessageContaining("no-such-interface");
        assertThat(outcome(port.leaveGroup(group, "lo"))).isNull();
    }

    /**
     * Runs where the host can send IPv6 multicast out of {@code lo}: that takes the MULTICAST flag on {@code lo} and
     * an {@code ff00::/8} route through it, which this machine lacks (the send fails with ENETUNREACH: skipped).
     */
    @Test
    void ipv6GroupDatagramsArriveWhereLoCanSendThem() {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        String group = "ff02::4242";
        Recorder member = new Recorder();
        IMulticastTransport port = reactor().listenMulticast(0, member, "::", 8192, true);
        int number = ((Port) port).realPort();
        assertThat(outcome(port.joinGroup(group, "lo"))).isNull();
        IMulticastTransport sender = reactor().listenMulticast(0, new Recorder(), "::", 8192, false);
        sender.setLoopbackMode(true);
        try {
            sender.write(ascii("six"), new InetSocketAddress(group + "%lo", number));
        } catch (ErrnoException e) {
            assumeTrue(e.errno() != Errno.ENETUNREACH, "no IPv6 multicast route through lo: " + e.getMessage());
            throw e;
        }
        runUntil(() -> member.data.size() == 1);
        assertThat(text(member.data.get(0))).isEqualTo("six");
        assertThat(outcome(port.leaveGroup(group, "lo"))).isNull();
    }
}
