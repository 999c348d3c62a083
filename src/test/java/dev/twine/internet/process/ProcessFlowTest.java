package dev.twine.internet.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.abstracts.FileDescriptor;
import dev.twine.internet.error.ProcessDone;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.internet.interfaces.IPushProducer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Flow control on the pipes and the order of the end callbacks when a grandchild keeps a pipe open. */
@Timeout(60)
class ProcessFlowTest extends ProcessTestBase {

    /** Writes 256 KiB chunks to stdin while not paused, until 16 MiB are queued or written. */
    private static final class ChunkProducer implements IPushProducer {
        final IProcessTransport process;
        final byte[] chunk = new byte[256 * 1024];
        long produced;
        int pauses;
        int resumes;
        boolean paused;
        boolean stopped;

        ChunkProducer(IProcessTransport process) {
            this.process = process;
            Arrays.fill(chunk, (byte) 'x');
        }

        void produce() {
            while (!paused && produced < 16L * 1024 * 1024) {
                produced += chunk.length;
                process.write(chunk);
            }
            if (produced >= 16L * 1024 * 1024 && !paused) {
                process.unregisterProducer();
                process.closeStdin();
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            resumes++;
            produce();
        }

        @Override
        public void stopProducing() {
            stopped = true;
        }
    }

    @Test
    void aStreamingProducerOnStdinIsPausedAndResumed() {
        long[] received = {0};
        Recorder r = new Recorder() {
            @Override
            public void outReceived(byte[] data) {
                received[0] += data.length;
            }
        };
        IProcessTransport cat = spawn(r, "/bin/cat");
        ChunkProducer producer = new ChunkProducer(cat);
        cat.registerProducer(producer, true);
        producer.produce();
        assertThat(producer.pauses).as("paused above %s queued bytes", FileDescriptor.BUFFER_SIZE).isEqualTo(1);
        runUntil(r::ended);
        assertThat(producer.resumes).isPositive();
        assertThat(received[0]).isEqualTo(16L * 1024 * 1024);
        assertThat(r.ended.value()).isInstanceOf(ProcessDone.class);
    }

    @Test
    void pausingTheProcessStopsReadingItsOutput() {
        Recorder r = new Recorder();
        IPushProducer yes = (IPushProducer) spawn(r, "/usr/bin/head", "-c", "300000", "/dev/zero");
        yes.pauseProducing();
        for (int i = 0; i < 20; i++) {
            reactor().iterate(0.01);
        }
        // The pipe holds 64 KiB, so head is blocked on it and nothing has been read.
        assertThat(r.bytes(1)).isEmpty();
        yes.resumeProducing();
        runUntil(r::ended);
        assertThat(r.bytes(1)).hasSize(300000);
    }

    /**
     * A grandchild holding stdout keeps the process from ending after the child exited: processExited first,
     * processEnded only once the last pipe closed, as Twisted orders them.
     */
    @Test
    void processEndedWaitsForPipesAGrandchildHolds() {
        Recorder r = new Recorder();
        reactor().spawnProcess(r, "/bin/sh", java.util.List.of("sh", "-c", "(sleep 1; echo late) & exit 0"));
        runUntil(r::ended);
        assertThat(r.text(1)).isEqualTo("late\n");
        assertThat(r.events.indexOf("processExited")).isLessThan(r.events.indexOf("childConnectionLost 1"));
        assertThat(r.events).last().isEqualTo("processEnded");
    }
}
