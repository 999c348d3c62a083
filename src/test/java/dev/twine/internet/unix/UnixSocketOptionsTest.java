package dev.twine.internet.unix;

import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_SNDBUF;
import static java.net.StandardSocketOptions.TCP_NODELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.interfaces.IUNIXDatagramTransport;
import dev.twine.internet.interfaces.LinuxSocketOptions;
import dev.twine.internet.protocol.DatagramProtocol;
import dev.twine.internet.protocol.Factory;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UNIX sockets take the buffer options and nothing of TCP's or UDP's. */
@Timeout(30)
class UnixSocketOptionsTest extends UnixTestBase {
    static final Set<SocketOption<?>> UNIX_OPTIONS = Set.of(SO_RCVBUF, SO_SNDBUF, LinuxSocketOptions.SO_RCVBUFFORCE,
            LinuxSocketOptions.SO_SNDBUFFORCE);

    @Test
    void aStreamConnectionAndItsPortTakeTheBufferSizesOnly() {
        String path = path("options.sock");
        IListeningPort port = reactor().listenUNIX(path, Factory.forProtocol(Echo::new));
        Peer client = new Peer();
        reactor().connectUNIX(path, new OneClient(client));
        runUntil(() -> client.made);
        ITCPTransport t = client.unixTransport();

        assertThat(t.supportedOptions()).isEqualTo(UNIX_OPTIONS);
        assertThat(port.supportedOptions()).isEqualTo(UNIX_OPTIONS);
        t.setOption(SO_SNDBUF, 64 * 1024);
        assertThat(t.getOption(SO_SNDBUF)).isGreaterThanOrEqualTo(64 * 1024);
        port.setOption(SO_RCVBUF, 64 * 1024);
        assertThat(port.getOption(SO_RCVBUF)).isGreaterThanOrEqualTo(64 * 1024);
        assertThatThrownBy(() -> t.setOption(TCP_NODELAY, true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> t.getTcpNoDelay()).as("Twisted's name reaches the kernel, which refuses it")
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> port.getOption(StandardSocketOptions.SO_REUSEPORT))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aDatagramPortTakesTheBufferSizesOnly() {
        IUNIXDatagramTransport port = reactor().listenUNIXDatagram(path("options.dgram"), new DatagramProtocol());
        assertThat(port.supportedOptions()).isEqualTo(UNIX_OPTIONS);
        port.setOption(SO_RCVBUF, 1 << 20);
        assertThat(port.getOption(SO_RCVBUF)).isGreaterThanOrEqualTo(1 << 20);
        assertThatThrownBy(() -> port.setOption(StandardSocketOptions.SO_BROADCAST, true))
                .isInstanceOf(UnsupportedOperationException.class);
        port.stopListening();
        settle();
        assertThatThrownBy(() -> port.getOption(SO_RCVBUF)).isInstanceOf(IllegalStateException.class);
    }
}
