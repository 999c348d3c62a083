package dev.twine.protocols.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A TLS client the test steps by hand: a JDK client engine over a {@link RawPeer}, so that it can do what no
 * well-behaved client does, such as start a second handshake and then go quiet. Delegated tasks run inline.
 */
final class EngineClient {
    final SSLEngine engine;
    final RawPeer peer;
    private ByteBuffer netIn = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer appIn = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer netOut;

    EngineClient(SSLEngine engine, RawPeer peer) {
        this.engine = engine;
        this.peer = peer;
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    /** Sends and reads what is waiting and drives the engine as far as it goes; true once the server closed. */
    boolean pump() throws SSLException {
        boolean closed = peer.pump();
        byte[] in = peer.take();
        if (netIn.remaining() < in.length) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.position() + in.length);
            netIn.flip();
            netIn = bigger.put(netIn);
        }
        netIn.put(in);
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                wrap();
            } else if (netIn.position() == 0 || !unwrap()) {
                break;
            }
        }
        return closed || peer.pump();
    }

    /** One record of handshake messages out. */
    void wrap() throws SSLException {
        netOut.clear();
        engine.wrap(ByteBuffer.allocate(0), netOut);
        netOut.flip();
        byte[] bytes = new byte[netOut.remaining()];
        netOut.get(bytes);
        peer.send(bytes);
        peer.pump();
    }

    private boolean unwrap() throws SSLException {
        netIn.flip();
        SSLEngineResult result = engine.unwrap(netIn, appIn);
        netIn.compact();
        appIn.clear();
        return result.getStatus() == SSLEngineResult.Status.OK && result.bytesConsumed() > 0;
    }
}
