package dev.twine.internet.tcp;

import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.protocol.Factory;
import dev.twine.protocols.wire.Echo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The server side of {@link TcpOutOfDescriptorsChildTest}, run in a fresh child JVM under a low descriptor limit
 * and with logging left at its default configuration, so the first warning the JVM ever logs is the port's own,
 * while the process is out of descriptors. An echo server on 127.0.0.1 that prints {@code listening PORT limit=N};
 * on
 * stdin, {@code stats} prints {@code stats shed=N} from the reactor thread (proof that the loop still runs) and
 * {@code stop} or end of input stops the reactor. Once {@code run()} returns it prints {@code stopped}.
 */
public final class OutOfDescriptorsServer {
    private OutOfDescriptorsServer() {
    }

    public static void main(String[] args) {
        try (EPollReactor reactor = new EPollReactor()) {
            Port port = (Port) reactor.listenTCP(0, Factory.forProtocol(Echo::new), 2048, "127.0.0.1");
            reactor.callWhenRunning(() -> {
                System.out.println("listening " + port.realPort() + " limit="
                        + Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE)[0]);
                System.out.flush();
            });
            Thread commands = new Thread(() -> readCommands(reactor, port), "commands");
            // If the reactor dies, the JVM must end with it rather than wait on stdin.
            commands.setDaemon(true);
            commands.start();
            reactor.run(false);
        }
        System.out.println("stopped");
        System.out.flush();
    }

    private static void readCommands(EPollReactor reactor, Port port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("stats")) {
                    reactor.callFromThread(() -> {
                        System.out.println("stats shed=" + port.shedConnections());
                        System.out.flush();
                    });
                } else if (line.equals("stop")) {
                    break;
                }
            }
        } catch (IOException e) {
            // end of input: stop as well
        }
        reactor.callFromThread(reactor::stop);
    }
}
