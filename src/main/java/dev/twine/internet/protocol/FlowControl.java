package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.IPushProducer;
import dev.twine.internet.interfaces.ITransport;

/**
 * Back-pressure for protocols that write in reply to what they read. Writes never block, so a protocol that
 * answers every read (an echo, a request/response server, a relay back to the same peer) queues without bound when
 * its peer sends and never reads, in native memory that {@code -Xmx} does not cap. Twine's stream transports are
 * push producers of what they read, as Twisted's are: registered as their own streaming producer they stop reading
 * while more than the high-water mark ({@code FileDescriptor.BUFFER_SIZE}, 64 KiB) waits to be sent, and read again
 * once the queue has drained, so TCP's flow control slows the peer instead. This is Netty's "stop auto-read while
 * the channel is not writable", in one call.
 */
public final class FlowControl {
    private FlowControl() {
    }

    /**
     * Makes {@code transport} read only while its write queue is under the high-water mark: Twisted's
     * {@code transport.registerProducer(transport, True)}. Call it from {@code connectionMade}. Memory per connection
     * is then at most about the mark plus what the replies to one read take.
     *
     * <p>It takes the transport's one producer slot: a protocol that later streams with a producer of its own
     * unregisters first (and registers the transport again when done). A peer that reads nothing at all now
     * stalls the connection rather than growing it, so pair this with a timeout that aborts a connection whose
     * queue does not drain ({@code ITCPTransport.abortConnection()} drops the queue at once;
     * {@code loseConnection()} would wait for it).
     *
     * @return true if it was done; false if {@code transport} is not an {@link IPushProducer} (nothing to pause)
     * @throws IllegalStateException if a producer is registered already
     */
    public static boolean readOnlyWhileWritable(ITransport transport) {
        if (transport instanceof IPushProducer self) {
            transport.registerProducer(self, true);
            return true;
        }
        return false;
    }
}
