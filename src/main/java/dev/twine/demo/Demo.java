package dev.twine.demo;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.python.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Twine's demo: an echo over a socketpair served by the reactor, timers that report on it, a lookup on the
 * thread pool, and a clean shutdown through the system event triggers. Runs for about two seconds.
 *
 * <p>Run it with {@code ./twine demo}, or from the module path:
 * {@code java --enable-native-access=dev.twine -p target/twine-0.1.0-SNAPSHOT.jar -m dev.twine/dev.twine.demo.Demo}.
 */
public final class Demo {
    private static final double RUN_SECONDS = 2.0;

    private final EPollReactor reactor;
    private final double start;
    private long roundTrips;

    private Demo(EPollReactor reactor) {
        this.reactor = reactor;
        this.start = reactor.seconds();
    }

    public static void main(String[] args) {
        try (EPollReactor reactor = new EPollReactor()) {
            new Demo(reactor).run();
        }
    }

    private void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%6.3fs] %s%n", reactor.seconds() - start, String.format(Locale.ROOT, format, args));
    }

    private void run() {
        say("Twine demo on JDK %s: %s", Runtime.version(), reactor);
        say("system calls through %s", Syscalls.usesCriticalHandles()
                ? "critical downcall handles with errno capture (heap arrays passed in place)"
                : "capturing downcall handles (JDK 22-23 mode: heap arrays copied through native memory)");
        int[] pair = Syscalls.socketpair(LibC.AF_UNIX(),
                LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC(), 0);
        Endpoint server = new Endpoint("server", pair[0], true);
        Endpoint client = new Endpoint("client", pair[1], false);

        reactor.callWhenRunning(() -> {
            say("reactor running: echo server on fd %d, client on fd %d", server.fd, client.fd);
            reactor.addReader(server);
            reactor.addReader(client);
            client.send("hello 1");
        });
        for (int second = 1; second <= (int) RUN_SECONDS; second++) {
            int s = second;
            reactor.callLater(s, () -> say("tick %d: %,d echo round trips so far", s, roundTrips));
        }
        reactor.callLater(0.5, () -> {
            say("resolving localhost on the thread pool...");
            reactor.resolve("localhost").addCallbacks(address -> {
                say("localhost is %s (answer delivered on %s)", address, Thread.currentThread().getName());
                return null;
            }, failure -> {
                say("lookup failed: %s", failure.getErrorMessage());
                return null;
            });
        });
        reactor.addSystemEventTrigger("before", "shutdown", () -> {
            say("shutting down after %,d round trips (%.0f per second)", roundTrips, roundTrips / RUN_SECONDS);
            reactor.removeReader(client);
            reactor.removeReader(server);
            Syscalls.close(client.fd);
            Syscalls.close(server.fd);
        });
        reactor.callLater(RUN_SECONDS, reactor::stop);
        reactor.run();
        say("reactor stopped; bye");
    }

    /** One end of the socketpair: the server echoes what it reads, the client counts and sends the next line. */
    private final class Endpoint implements IReadDescriptor {
        private final String name;
        private final int fd;
        private final boolean echo;
        private final byte[] buffer = new byte[4096];

        Endpoint(String name, int fd, boolean echo) {
            this.name = name;
            this.fd = fd;
            this.echo = echo;
        }

        void send(String line) {
            byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            Syscalls.write(fd, bytes, 0, bytes.length);
        }

        @Override
        public int fileno() {
            return fd;
        }

        @Override
        public Throwable doRead() {
            int n = Syscalls.read(fd, buffer, 0, buffer.length);
            if (n == 0) {
                return new ConnectionDone(name + " reached end of stream");
            }
            if (n == Syscalls.WOULD_BLOCK) {
                return null;
            }
            if (echo) {
                Syscalls.write(fd, buffer, 0, n);
            } else {
                roundTrips++;
                if (roundTrips == 1) {
                    say("client got its first echo: \"%s\"", new String(buffer, 0, n, StandardCharsets.US_ASCII));
                }
                send("hello " + (roundTrips + 1));
            }
            return null;
        }

        @Override
        public void connectionLost(Failure reason) {
            say("%s lost: %s", name, reason.getErrorMessage());
        }

        @Override
        public String logPrefix() {
            return name;
        }
    }
}
