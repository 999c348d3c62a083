package dev.twine.internet.udp;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.LinuxSocketOptions;
import dev.twine.internet.interfaces.SocketOptions;
import dev.twine.internet.protocol.DatagramProtocol;
import java.io.File;

/**
 * For {@link UdpSocketOptionsTest}: in a process without CAP_NET_ADMIN, asks listenUDP for SO_RCVBUFFORCE and
 * prints what it raised and how many descriptors were open before and after.
 */
public final class ForceWithoutNetAdmin {
    private ForceWithoutNetAdmin() {
    }

    public static void main(String[] args) {
        try (EPollReactor reactor = new EPollReactor()) {
            int[] started = {0};
            DatagramProtocol protocol = new DatagramProtocol() {
                @Override
                public void startProtocol() {
                    started[0]++;
                }
            };
            int before = fds();
            String outcome;
            try {
                reactor.listenUDP(0, protocol, "127.0.0.1", 8192,
                        SocketOptions.of(LinuxSocketOptions.SO_RCVBUFFORCE, 8 << 20));
                outcome = "listened";
            } catch (CannotListenError e) {
                outcome = e.getCause() instanceof ErrnoException c ? c.call() + " " + c.errnoName() : e.toString();
            }
            System.out.println("outcome=" + outcome + " fdsBefore=" + before + " fdsAfter=" + fds() + " started="
                    + started[0]);
        }
    }

    private static int fds() {
        return new File("/proc/self/fd").list().length;
    }
}
