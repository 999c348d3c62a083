package dev.twine.internet.unix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IPushProducer;
import dev.twine.internet.protocol.Factory;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Flow control over a UNIX connection: TCP's write path, producers paused and resumed by the transport. */
@Timeout(120)
class UnixFlowTest extends UnixTestBase {

    /** Writes blocks while not paused, until {@code total}; then closes. */
    static final class Firehose implements IPushProducer {
        final FileDescriptor transport;
        final long total;
        final ByteBuffer block;
        final CRC32C crc = new CRC32C();
        long sent;
        boolean paused;
        int pauses;
        int resumes;
        long maxQueued;

        Firehose(FileDescriptor transport, long total) {
            this.transport = transport;
            this.total = total;
            byte[] bytes = new byte[64 * 1024];
            new SplittableRandom(7).nextBytes(bytes);
            block = ByteBuffer.wrap(bytes);
        }

        void produce() {
            while (!paused && sent < total) {
                int n = (int) Math.min(block.capacity(), total - sent);
                ByteBuffer piece = block.duplicate().limit(n);
                crc.update(piece.duplicate());
                transport.write(piece);
                sent += n;
                maxQueued = Math.max(maxQueued, transport.queuedBytes());
            }
            if (sent == total && !paused) {
                transport.unregisterProducer();
                transport.loseConnection();
                paused = true;
            }
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
    }

    @Test
    void aStreamingProducerIsPausedAndResumedForASlowReader() {
        long total = 64L << 20;
        CRC32C receivedCrc = new CRC32C();
        long[] receivedBytes = {0};
        Peer[] reader = {null};
        int[] readerPauses = {0};
        String path = path("flow.sock");
        reactor().listenUNIX(path, Factory.forProtocol(a -> {
            Peer p = new Peer() {
                long sinceBreak;

                @Override
                public void dataReceived(byte[] data) {
                    receivedCrc.update(data);
                    receivedBytes[0] += data.length;
                    sinceBreak += data.length;
                    if (sinceBreak >= (4 << 20)) {
                        // Slow: stop reading for a moment every 4 MiB, so the kernel buffers fill up.
                        sinceBreak = 0;
                        readerPauses[0]++;
                        unixTransport().pauseProducing();
                        reactor().callLater(0.002, unixTransport()::resumeProducing);
                    }
                }
            };
            reader[0] = p;
            return p;
        }));
        Peer writer = new Peer();
        Firehose[] hose = {null};
        writer.onMade = p -> {
            hose[0] = new Firehose((FileDescriptor) p.transport(), total);
            p.transport().registerProducer(hose[0], true);
            hose[0].produce();
        };
        reactor().connectUNIX(path, new OneClient(writer));
        runUntil(() -> reader[0] != null && reader[0].lost != null && writer.lost != null, 100);

        assertThat(receivedBytes[0]).isEqualTo(total);
        assertThat(receivedCrc.getValue()).isEqualTo(hose[0].crc.getValue());
        assertThat(reader[0].lost.value()).isInstanceOf(ConnectionDone.class);
        assertThat(readerPauses[0]).isGreaterThan(5);
        assertThat(hose[0].pauses).as("paused by the transport").isGreaterThan(5);
        assertThat(hose[0].resumes).as("and resumed each time").isEqualTo(hose[0].pauses);
        assertThat(hose[0].maxQueued).as("queue bounded by the high-water mark plus one write")
                .isLessThanOrEqualTo(FileDescriptor.BUFFER_SIZE + 64 * 1024);
    }
}
