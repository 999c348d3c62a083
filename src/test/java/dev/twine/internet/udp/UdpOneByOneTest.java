package dev.twine.internet.udp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every {@link UdpTest} again with batching off: {@code recvfrom} per datagram and one {@code sendto} per queued
 * datagram, the path {@code -Dtwine.udp.recvmmsg=false -Dtwine.udp.sendmmsg=false} selects.
 */
class UdpOneByOneTest extends UdpTest {
    @BeforeEach
    void batchingOff() {
        System.setProperty("twine.udp.recvmmsg", "false");
        System.setProperty("twine.udp.sendmmsg", "false");
    }

    @AfterEach
    void batchingOn() {
        System.clearProperty("twine.udp.recvmmsg");
        System.clearProperty("twine.udp.sendmmsg");
    }

    @Test
    void batchSizeShrinksForLargePackets() {
        assertThat(Port.batchSize(8192)).isEqualTo(32);
        assertThat(Port.batchSize(65536)).isEqualTo(4);
        assertThat(Port.batchSize(1 << 20)).isEqualTo(1);
    }
}
