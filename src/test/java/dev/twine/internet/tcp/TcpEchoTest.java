package dev.twine.internet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IPushProducer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bulk data through real loopback connections, both directions at once, checked byte for byte by SHA-256. */
@Timeout(120)
class TcpEchoTest extends TcpTestBase {

    /** Echoes everything, pausing its own reading while its write buffer is full (Twisted's portforward idiom). */
    static final class Echo extends RecordingProtocol {
        Echo() {
            keep = false;
            onMade = p -> p.transport.registerProducer(p.transport, true);
            onData = data -> transport.write(data);
        }
    }

    /** The security providers open /dev/random and /dev/urandom for good on first use: not a leak of the test's. */
    @BeforeAll
    static void loadProviders() {
        sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Streams {@code total} pseudo-random bytes as a push producer in pieces of random size, and hashes what it
     * sends and what comes back; closes once everything came back.
     */
    static final class Stream extends RecordingProtocol implements IPushProducer {
        final long total;
        final SplittableRandom random;
        final byte[] pool;
        final int maxPiece;
        final MessageDigest sentHash = sha256();
        final MessageDigest receivedHash = sha256();
        long sent;
        boolean paused;
        int pauses;
        int resumes;

        Stream(long total, long seed, int maxPiece) {
            this.total = total;
            this.random = new SplittableRandom(seed);
            this.maxPiece = maxPiece;
            pool = new byte[maxPiece * 2];
            random.nextBytes(pool);
            keep = false;
            onMade = p -> {
                transport.registerProducer(this, true);
                produce();
            };
            onData = data -> {
                receivedHash.update(data);
                if (receivedBytes == total) {
                    transport.loseConnection();
                }
            };
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            resumes++;
            paused = false;
            produce();
        }

        @Override
        public void stopProducing() {
            paused = true;
        }

        /** Writes pieces until paused; the writes of one call leave together at the end of the pass. */
        private void produce() {
            while (!paused && sent < total) {
                int length = (int) Math.min(total - sent, 1 + random.nextInt(maxPiece));
                int offset = random.nextInt(pool.length - length + 1);
                sentHash.update(pool, offset, length);
                transport.write(java.nio.ByteBuffer.wrap(pool, offset, length));
                sent += length;
            }
            if (sent == total) {
                transport.unregisterProducer();
                paused = true;
            }
        }

        boolean done() {
            return isLost();
        }
    }

    @Test
    void echoOf256MiBThroughOneConnection() {
        RecordingFactory server = new RecordingFactory();
        server.builder = a -> new Echo();
        IListeningPort port = listen(server);
        long total = 256L << 20;
        RecordingFactory client = new RecordingFactory();
        Stream stream = new Stream(total, 42, 64 * 1024);
        client.builder = a -> stream;
        long start = System.nanoTime();
        reactor().connectTCP("127.0.0.1", portOf(port), client);
        runUntil(stream::done, 90);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("echo of 256 MiB: %.2f s (%.0f MiB/s each way), producer paused %d times%n", seconds,
                256 / seconds, stream.pauses);

        assertThat(stream.reason()).isInstanceOf(ConnectionDone.class);
        assertThat(stream.receivedBytes).isEqualTo(total);
        assertThat(stream.receivedHash.digest()).isEqualTo(stream.sentHash.digest());
        assertThat(stream.pauses).as("flow control kicked in").isPositive();
        Echo echo = server.protocol(0);
        runUntil(echo::isLost);
        assertThat(echo.receivedBytes).isEqualTo(total);
    }

    @Test
    void randomSizedWritesAcross200ConnectionsBothWays() {
        RecordingFactory server = new RecordingFactory();
        server.builder = a -> new Echo();
        IListeningPort port = reactor().listenTCP(0, server, 512, "127.0.0.1");
        SplittableRandom sizes = new SplittableRandom(7);
        List<Stream> streams = new ArrayList<>();
        RecordingFactory client = new RecordingFactory();
        client.builder = a -> {
            Stream s = new Stream(64 * 1024 + sizes.nextInt(448 * 1024), sizes.nextLong(), 1 + sizes.nextInt(16384));
            streams.add(s);
            return s;
        };
        for (int i = 0; i < 200; i++) {
            reactor().connectTCP("127.0.0.1", portOf(port), client);
        }
        runUntil(() -> streams.size() == 200 && streams.stream().allMatch(Stream::done), 60);
        long bytes = 0;
        for (Stream s : streams) {
            assertThat(s.reason()).isInstanceOf(ConnectionDone.class);
            assertThat(s.receivedBytes).isEqualTo(s.total);
            assertThat(s.receivedHash.digest()).isEqualTo(s.sentHash.digest());
            bytes += s.total;
        }
        assertThat(client.failed).isEmpty();
        assertThat(server.built).hasSize(200);
        runUntil(() -> server.built.stream().allMatch(p -> ((RecordingProtocol) p).isLost()));
        long echoed = 0;
        for (IProtocol p : server.built) {
            echoed += ((RecordingProtocol) p).receivedBytes;
        }
        assertThat(echoed).isEqualTo(bytes);
    }
}
