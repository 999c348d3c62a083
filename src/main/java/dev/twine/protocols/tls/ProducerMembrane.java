package dev.twine.protocols.tls;

import dev.twine.internet.interfaces.IProducer;
import dev.twine.internet.interfaces.IPullProducer;
import dev.twine.internet.interfaces.IPushProducer;

/**
 * The producer of a protocol over TLS, as the connection below sees it: Twisted's {@code _ProducerMembrane}. It
 * is paused for two reasons, the connection's full queue and the TLS layer's own backlog of plaintext (written
 * before the handshake finished), and resumed only when neither holds, so one reason ending does not release the
 * producer while the other stands.
 */
final class ProducerMembrane implements IPushProducer, IPullProducer {
    final IProducer producer;
    final boolean streaming;
    private boolean pausedByTransport;
    private boolean pausedByTLS;
    private boolean paused;

    ProducerMembrane(IProducer producer, boolean streaming) {
        this.producer = producer;
        this.streaming = streaming;
    }

    @Override
    public void pauseProducing() {
        pausedByTransport = true;
        update();
    }

    /** The connection drained: a streaming producer may go on; a pull producer is asked for its next piece. */
    @Override
    public void resumeProducing() {
        pausedByTransport = false;
        if (streaming) {
            update();
        } else if (!pausedByTLS) {
            ((IPullProducer) producer).resumeProducing();
        }
    }

    @Override
    public void stopProducing() {
        producer.stopProducing();
    }

    /** The TLS layer's plaintext backlog went above (true) or back under (false) the high-water mark. */
    void pauseForTLS(boolean pause) {
        if (pausedByTLS != pause) {
            pausedByTLS = pause;
            // A pull producer needs no call: the connection asks it again once the backlog reaches it.
            if (streaming) {
                update();
            }
        }
    }

    boolean isPaused() {
        return paused;
    }

    private void update() {
        boolean shouldPause = pausedByTransport || pausedByTLS;
        if (shouldPause && !paused) {
            paused = true;
            ((IPushProducer) producer).pauseProducing();
        } else if (!shouldPause && paused) {
            paused = false;
            ((IPushProducer) producer).resumeProducing();
        }
    }

    @Override
    public String toString() {
        return "ProducerMembrane[" + producer + "]";
    }
}
