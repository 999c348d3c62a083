package dev.twine.internet.tcp;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.Factory;
import dev.twine.protocols.wire.Echo;
import dev.twine.python.Failure;
import java.util.List;

/**
 * The server side of {@link SignalUnderLoadTest}, run in a child JVM: an echo server that also keeps the thread
 * pool busy, installs the reactor's signal handlers, and once {@code run()} returns prints what happened to its
 * connections and which threads are left, then lets {@code main} end.
 */
public final class LoadedServer {
    private int made;
    private int lost;
    private int open;
    private int openAtShutdown = -1;

    public static void main(String[] args) {
        new LoadedServer().serve();
    }

    private void serve() {
        try (EPollReactor reactor = new EPollReactor()) {
            IListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> new Echo() {
                @Override
                public void connectionMade() {
                    made++;
                    open++;
                    reactor.callInThread(() -> { });
                }

                @Override
                public void connectionLost(Failure reason) {
                    lost++;
                    open--;
                }
            }), 1024, "127.0.0.1");
            reactor.addSystemEventTrigger("before", "shutdown", () -> openAtShutdown = open);
            reactor.callWhenRunning(() -> {
                System.out.println("listening " + ((dev.twine.internet.address.IPv4Address) port.getHost()).port());
                System.out.flush();
            });
            reactor.run();
            System.out.println("stopped: signal=" + reactor.exitSignal() + " openAtShutdown=" + openAtShutdown
                    + " made=" + made + " lost=" + lost);
        }
        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (!t.isDaemon() || t.getName().startsWith("twine")) && t != Thread.currentThread())
                .map(Thread::getName).toList();
        System.out.println("threads left: " + left);
        System.out.flush();
    }
}
