package dev.twine.internet.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fresh port is ready to read at full speed before its first datagram: what the first read would set up (the
 * native batch, whose class builds the recvmmsg downcall) is done when the port starts. {@link UdpStartupProbe}
 * measures what that is worth on a loaded machine.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpStartupTest extends UdpTestBase {

    @Test
    void aFreshPortHasItsReceiveBatchBeforeItsFirstDatagram() {
        Recorder receiver = new Recorder();
        Port port = listen(receiver);
        assertThat(port.hasReceiveBatch()).as("allocated at start, not at the first read").isTrue();

        Port sender = listen(new Recorder());
        sender.write(new byte[] {1}, local(port));
        runUntil(() -> receiver.data.size() == 1);
        port.stopListening();
        runUntil(() -> port.realPort() == 0);
        assertThat(port.hasReceiveBatch()).as("freed with the socket; the fixture checks native memory").isFalse();
    }

    @Test
    void aPortWhoseProtocolFailsToStartFreesItsBatch() {
        Recorder failing = new Recorder() {
            @Override
            public void startProtocol() {
                throw new IllegalStateException("refuses to start");
            }
        };
        assertThatThrownBy(() -> listen(failing)).hasMessageContaining("refuses to start");
        // The fixture checks that neither the socket nor the batch's native memory is left.
    }
}
