package dev.twine.demo;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.posixbase.PosixReactorBase;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.protocols.portforward.ProxyFactory;
import dev.twine.python.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Twine's network demo, on loopback: an echo server, an HTTP/1.1 "Hello, World!" responder (the server the
 * benchmarks drive with wrk) and a port forwarder in front of it. It runs until Ctrl-C, which stops the reactor
 * through its signal handling; with {@code --for SECONDS} it checks itself with its own clients and stops.
 *
 * <p>Against hostile clients: the echo and HTTP servers read only while their write queues are under the
 * high-water mark, close a connection idle (or, for HTTP, slow to send one whole request) for 30 s, and abort one
 * whose replies have waited 30 s unread; the forwarder pauses each side on the other's full queue and passes a
 * reset on as a reset.
 *
 * <pre>
 * ./twine demo [--http PORT] [--echo PORT] [--forward PORT] [--for SECONDS]     (defaults 8080, 8007, 8081)
 * java --enable-native-access=dev.twine -p target/twine-0.1.0-SNAPSHOT.jar -m dev.twine/dev.twine.demo.Demo
 * </pre>
 */
public final class Demo {
    private static final String HOST = "127.0.0.1";
    private static final double IDLE_TIMEOUT_SECONDS = 30;

    private final EPollReactor reactor;
    private final double start;

    private Demo(EPollReactor reactor) {
        this.reactor = reactor;
        this.start = reactor.seconds();
    }

    public static void main(String[] args) {
        int httpPort = 8080;
        int echoPort = 8007;
        int forwardPort = 8081;
        double runFor = -1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--http" -> httpPort = port(args[i], value);
                case "--echo" -> echoPort = port(args[i], value);
                case "--forward" -> forwardPort = port(args[i], value);
                case "--for" -> runFor = Double.parseDouble(required(args[i], value));
                default -> {
                    System.err.println("usage: Demo [--http PORT] [--echo PORT] [--forward PORT] [--for SECONDS]");
                    System.exit(2);
                }
            }
            i++;
        }
        try (EPollReactor reactor = new EPollReactor()) {
            new Demo(reactor).run(httpPort, echoPort, forwardPort, runFor);
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return value;
    }

    private static int port(String option, String value) {
        int port = Integer.parseInt(required(option, value));
        if (port < 0 || port > 65535) {
            System.err.println(option + ": a port is 0..65535 (0: any free one), not " + port);
            System.exit(2);
        }
        return port;
    }

    private void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%6.3fs] %s%n", reactor.seconds() - start,
                String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private void run(int httpPort, int echoPort, int forwardPort, double runFor) {
        say("Twine demo on JDK %s, %s", Runtime.version(), PosixReactorBase.usesCriticalHandles()
                ? "critical downcall handles with errno capture"
                : "capturing downcall handles (JDK 22-23 mode: heap arrays copied through native memory)");
        IListeningPort echo = reactor.listenTCP(echoPort, TimedEcho.factory(reactor, IDLE_TIMEOUT_SECONDS), 50, HOST);
        HelloHttpFactory hello = new HelloHttpFactory(reactor, IDLE_TIMEOUT_SECONDS);
        IListeningPort http = reactor.listenTCP(httpPort, hello, 511, HOST);
        int httpBound = ((IPv4Address) http.getHost()).port();
        IListeningPort forward = reactor.listenTCP(forwardPort, new ProxyFactory(reactor, HOST, httpBound), 50, HOST);
        int echoBound = ((IPv4Address) echo.getHost()).port();
        int forwardBound = ((IPv4Address) forward.getHost()).port();
        say("echo server     tcp://%s:%d   (try: nc %s %d)", HOST, echoBound, HOST, echoBound);
        say("HTTP responder  http://%s:%d/   (try: curl http://%s:%d/ ; wrk -t1 -c16 -d5s http://%s:%d/)",
                HOST, httpBound, HOST, httpBound, HOST, httpBound);
        say("port forwarder  tcp://%s:%d -> %s:%d   (try: curl http://%s:%d/)", HOST, forwardBound, HOST, httpBound,
                HOST, forwardBound);
        reactor.addSystemEventTrigger("before", "shutdown", () -> {
            say("shutting down: %d HTTP requests answered", hello.requestsServed());
            return echo.stopListening().addBothDeferred(ignored -> http.stopListening())
                    .addBothDeferred(ignored -> forward.stopListening());
        });
        if (runFor >= 0) {
            reactor.callWhenRunning(() -> selfCheck(echoBound, forwardBound));
            reactor.callLater(runFor, reactor::stop);
        } else {
            // After startup, so the signal handlers are in place when the line appears.
            reactor.callWhenRunning(() -> say("running; Ctrl-C stops it"));
        }
        reactor.run();
        say("reactor stopped%s; bye", reactor.exitSignal() != 0 ? " by signal " + reactor.exitSignal() : "");
    }

    /** Talks to its own servers: one echo, and two pipelined HTTP requests through the forwarder. */
    private void selfCheck(int echoPort, int forwardPort) {
        send(echoPort, "hello, echo", "hello, echo".length(),
                reply -> say("echo client got back \"%s\"", reply));
        String twoRequests = "GET / HTTP/1.1\r\nHost: demo\r\n\r\nGET /again HTTP/1.1\r\nHost: demo\r\n"
                + "Connection: close\r\n\r\n";
        send(forwardPort, twoRequests, -1, reply -> say("HTTP client, through the forwarder, got %d responses: %s",
                reply.split("HTTP/1.1 200 OK", -1).length - 1, reply.contains("Hello, World!Hello, World!")
                        || reply.endsWith("Hello, World!") ? "\"Hello, World!\" each" : "unexpected: " + reply));
    }

    /** Connects, writes {@code text}, collects the reply until {@code expect} bytes or the server closes. */
    private void send(int port, String text, int expect, Consumer<String> done) {
        ClientFactory factory = ClientFactory.forProtocol(() -> new Protocol() {
            private final StringBuilder reply = new StringBuilder();

            @Override
            public void connectionMade() {
                transport.write(text.getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void dataReceived(byte[] data) {
                reply.append(new String(data, StandardCharsets.US_ASCII));
                if (expect >= 0 && reply.length() >= expect) {
                    transport.loseConnection();
                }
            }

            @Override
            public void connectionLost(Failure reason) {
                done.accept(reply.toString());
            }
        });
        factory.setNoisy(false);
        reactor.connectTCP(HOST, port, factory);
    }
}
