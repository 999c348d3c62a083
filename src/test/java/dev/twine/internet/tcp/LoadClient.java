package dev.twine.internet.tcp;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The client side of {@link TcpLoadTest}, run in a child JVM so that each side of 10,000 connections fits the
 * descriptor limit of its own process: opens every connection, has each echo one to three messages of random
 * sizes, keeps them all open until every byte came back and matched, then closes them and prints one line of
 * figures. Exits 0 when every connection was intact.
 */
public final class LoadClient {
    /** Connections still connecting at any time: enough to be quick, few enough for the listen queue. */
    private static final int IN_FLIGHT = 1_000;

    private int opened;
    private int closed;
    private int echoed;
    private int failed;
    private int maxOpen;

    private final class Client extends Protocol {
        private final byte[][] messages;
        private final CRC32C sent = new CRC32C();
        private final CRC32C received = new CRC32C();
        private int next;
        private int pending;
        private boolean intact;

        Client(byte[][] messages) {
            this.messages = messages;
        }

        @Override
        public void connectionMade() {
            opened++;
            maxOpen = Math.max(maxOpen, opened - closed);
            sendNext();
        }

        private void sendNext() {
            byte[] m = messages[next++];
            sent.update(m);
            pending = m.length;
            transport.write(m);
        }

        @Override
        public void dataReceived(byte[] data) {
            received.update(data);
            pending -= data.length;
            if (pending == 0) {
                if (next < messages.length) {
                    sendNext();
                } else {
                    intact = sent.getValue() == received.getValue();
                    echoed++;
                }
            } else if (pending < 0) {
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            closed++;
            if (!intact) {
                failed++;
            }
        }
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        System.exit(new LoadClient().run(port, connections, new SplittableRandom(Long.parseLong(args[2]))));
    }

    private int run(int port, int connections, SplittableRandom random) {
        List<Client> clients = new ArrayList<>(connections);
        long bytes = 0;
        for (int i = 0; i < connections; i++) {
            byte[][] messages = new byte[1 + random.nextInt(3)][];
            for (int m = 0; m < messages.length; m++) {
                messages[m] = new byte[1 + random.nextInt(4096)];
                random.nextBytes(messages[m]);
                bytes += messages[m].length;
            }
            clients.add(new Client(messages));
        }
        long start = System.nanoTime();
        long deadline = start + 60_000_000_000L;
        try (EPollReactor reactor = new EPollReactor()) {
            List<IConnector> connectors = new ArrayList<>(connections);
            int started = 0;
            while (echoed + failed < connections && closed == failed && System.nanoTime() < deadline) {
                while (started < connections && started - opened < IN_FLIGHT) {
                    Client c = clients.get(started++);
                    connectors.add(reactor.connectTCP("127.0.0.1", port, ClientFactory.forProtocol(() -> c)));
                }
                reactor.iterate(0.01);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (IConnector c : connectors) {
                c.disconnect();
            }
            while (closed < opened && System.nanoTime() < deadline) {
                reactor.iterate(0.01);
            }
            int intact = (int) clients.stream().filter(c -> c.intact).count();
            System.out.printf("opened=%d maxOpen=%d intact=%d closed=%d bytes=%d seconds=%.2f%n", opened, maxOpen,
                    intact, closed, bytes, seconds);
            return intact == connections && maxOpen == connections && closed == connections ? 0 : 1;
        }
    }
}
