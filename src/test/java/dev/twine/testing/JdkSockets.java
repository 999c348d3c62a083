package dev.twine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * For tests whose clients are plain {@link Socket}s: the JDK makes a socket pair the first time it closes a
 * socket (NioSocketImpl's "pre-close" descriptor) and keeps it for the life of the JVM. Call {@link #warmUp()}
 * in a {@code @BeforeAll}, or make the fixture {@link ReactorFixture#withJdkSockets()}, so that it exists before the
 * leak check's snapshot and is not taken for the test's leak.
 */
public final class JdkSockets {
    private JdkSockets() {
    }

    /** Connects and closes one loopback socket. */
    public static void warmUp() {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket accepted = listener.accept()) {
            client.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
