package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IPullProducer;
import dev.twine.internet.interfaces.IPushProducer;
import dev.twine.internet.interfaces.ITransport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Flow control through the TLS layer: a producer registered on the TLS transport is paused when the connection
 * below fills (and while the handshake holds its writes back), and a reader that pauses its TLS transport stops
 * the reading below, so a fast writer and a slow reader meet in bounded memory.
 */
@Timeout(120)
class TlsFlowTest extends TlsTestBase {

    /** Writes the same 64 KiB block until {@code total}; paused and resumed by the transport it writes to. */
    static final class Firehose implements IPushProducer {
        final ITransport transport;
        final long total;
        final ByteBuffer block;
        final CRC32C crc = new CRC32C();
        long sent;
        boolean paused;
        int pauses;
        int resumes;
        long maxQueuedBelow;
        long maxPending;

        Firehose(ITransport transport, long total) {
            this.transport = transport;
            this.total = total;
            byte[] bytes = new byte[64 * 1024];
            new SplittableRandom(7).nextBytes(bytes);
            block = ByteBuffer.wrap(bytes);
        }

        void produce() {
            TLSMemoryBIOProtocol tls = (TLSMemoryBIOProtocol) transport;
            FileDescriptor below = (FileDescriptor) tls.transportBelow();
            while (!paused && sent < total) {
                int n = (int) Math.min(block.capacity(), total - sent);
                ByteBuffer piece = block.duplicate().limit(n);
                crc.update(piece.duplicate());
                transport.write(piece);
                sent += n;
                maxQueuedBelow = Math.max(maxQueuedBelow, below.queuedBytes());
                maxPending = Math.max(maxPending, tls.pendingBytes());
            }
            if (sent == total && !paused) {
                paused = true;
                transport.unregisterProducer();
                transport.loseConnection();
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

    /**
     * 1 GiB from a streaming producer, registered before the handshake, to a reader that pauses itself every
     * 8 MiB: the producer is paused and resumed over and over, neither the TLS layer's backlog nor the queue below
     * holds much more than the high-water mark, and the heap does not grow with the volume.
     */
    @Test
    void aGibibyteToASlowReaderStaysBounded() {
        long total = 1L << 30;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long[] heapMidway = {-1};
        int[] readerPauses = {0};
        boolean[] readerPaused = {false};
        long[] deliveredWhilePaused = {0};
        CRC32C receivedCrc = new CRC32C();
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> {
            TlsPeer reader = new TlsPeer();
            reader.keep = false;
            long[] sinceBreak = {0};
            reader.onData = data -> {
                if (readerPaused[0]) {
                    deliveredWhilePaused[0] += data.length;
                }
                receivedCrc.update(data);
                sinceBreak[0] += data.length;
                if (heapMidway[0] < 0 && reader.receivedBytes >= total / 2) {
                    System.gc();
                    heapMidway[0] = memory.getHeapMemoryUsage().getUsed();
                }
                if (sinceBreak[0] >= (8 << 20)) {
                    // Slow: stop reading for a moment every 8 MiB, so the kernel buffers and the writer's fill up.
                    sinceBreak[0] = 0;
                    readerPauses[0]++;
                    readerPaused[0] = true;
                    reader.tls().pauseProducing();
                    reactor().callLater(0.002, () -> {
                        readerPaused[0] = false;
                        reader.tls().resumeProducing();
                    });
                }
            };
            return server[0] = reader;
        });
        TlsPeer writer = new TlsPeer();
        Firehose[] hose = {null};
        writer.onMade = p -> {
            hose[0] = new Firehose(p.transport, total);
            p.transport.registerProducer(hose[0], true);
            hose[0].produce(); // before the handshake: held back by the TLS layer, which pauses it
        };
        connect("127.0.0.1", port, trustingTestCa().build(), writer);
        long start = System.nanoTime();
        runUntil(() -> server[0] != null && server[0].isLost() && writer.isLost(), 100);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("TLS 1 GiB to a slow reader: %.1f s (%.0f MiB/s), %d producer pauses, %d reader pauses,"
                + " max queued below %d, max TLS backlog %d, heap growth midway %d KiB%n", seconds,
                1024 / seconds, hose[0].pauses, readerPauses[0], hose[0].maxQueuedBelow, hose[0].maxPending,
                (heapMidway[0] - heapBefore) / 1024);

        assertThat(server[0].reason()).isInstanceOf(ConnectionDone.class);
        assertThat(writer.reason()).isInstanceOf(ConnectionDone.class);
        assertThat(server[0].receivedBytes).isEqualTo(total);
        assertThat(receivedCrc.getValue()).isEqualTo(hose[0].crc.getValue());
        assertThat(hose[0].pauses).isGreaterThan(10);
        assertThat(hose[0].resumes).isGreaterThanOrEqualTo(hose[0].pauses);
        assertThat(readerPauses[0]).isGreaterThan(100);
        assertThat(deliveredWhilePaused[0]).as("bytes handed to a paused reader").isZero();
        // One 64 KiB write's records past the mark at most, and the backlog from before the handshake.
        assertThat(hose[0].maxQueuedBelow).isLessThan(FileDescriptor.BUFFER_SIZE + 128 * 1024);
        assertThat(hose[0].maxPending).isLessThanOrEqualTo(FileDescriptor.BUFFER_SIZE + 64 * 1024);
        assertThat(heapMidway[0] - heapBefore).as("heap growth after half a GiB").isLessThan(64L << 20);
    }

    /** A pull producer on the TLS transport is asked for one piece each time the connection below drains. */
    @Test
    void aPullProducerIsAskedForMoreAsTheConnectionDrains() {
        long total = 16L << 20;
        TlsPeer[] server = {null};
        int port = listen(serverContext(b -> b), () -> {
            TlsPeer p = new TlsPeer();
            p.keep = false;
            return server[0] = p;
        });
        TlsPeer writer = new TlsPeer();
        long[] sent = {0};
        int[] asked = {0};
        byte[] piece = new byte[256 * 1024];
        CRC32C crc = new CRC32C();
        writer.onHandshake = p -> p.transport.registerProducer(new IPullProducer() {
            @Override
            public void resumeProducing() {
                asked[0]++;
                if (sent[0] < total) {
                    piece[0] = (byte) asked[0];
                    crc.update(piece);
                    p.transport.write(piece);
                    sent[0] += piece.length;
                } else {
                    p.transport.unregisterProducer();
                    p.transport.loseConnection();
                }
            }

            @Override
            public void stopProducing() {
            }
        }, false);
        CRC32C received = new CRC32C();
        connect("127.0.0.1", port, trustingTestCa().build(), writer);
        runUntil(() -> server[0] != null && server[0].transport != null);
        server[0].onData = received::update;
        runUntil(() -> server[0].isLost() && writer.isLost(), 60);
        assertThat(server[0].receivedBytes).isEqualTo(total);
        assertThat(received.getValue()).isEqualTo(crc.getValue());
        assertThat(asked[0]).isEqualTo((int) (total / piece.length) + 1);
        assertThat(server[0].reason()).isInstanceOf(ConnectionDone.class);
    }
}
