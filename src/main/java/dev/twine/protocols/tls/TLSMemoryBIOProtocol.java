package dev.twine.protocols.tls;

import dev.twine.internet.error.ConnectionAborted;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.error.TLSError;
import dev.twine.internet.error.TimeoutError;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IBufferProtocol;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IHandshakeListener;
import dev.twine.internet.interfaces.IProducer;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.interfaces.ITLSContextFactory;
import dev.twine.internet.interfaces.ITLSLayer;
import dev.twine.internet.interfaces.ITransport;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS between a stream transport and a protocol, with the JDK's {@link SSLEngine} doing the cryptography:
 * Twisted's {@code TLSMemoryBIOProtocol}, with the engine's buffers in place of OpenSSL's memory BIOs. To the
 * transport below it is the protocol (it is handed the ciphertext read); to the protocol above it is the
 * transport ({@link dev.twine.internet.interfaces.ISSLTransport}), and the protocol sees plaintext only.
 *
 * <p>As in Twisted, the protocol's {@code connectionMade} runs before the handshake; what it writes meanwhile is
 * kept and sent once the handshake is done, and a protocol that is an {@link IHandshakeListener} hears when that
 * is. A failed handshake (untrusted certificate, wrong host name, no shared version, cipher or ALPN protocol)
 * reaches the protocol's {@code connectionLost} as a {@link TLSError} whose cause is the engine's
 * {@link SSLException}. {@code loseConnection} sends {@code close_notify} once everything written is encrypted,
 * then closes; a peer's {@code close_notify} closes the connection with {@link ConnectionDone}; a peer that closes
 * without one ends it with {@link ConnectionLost}.
 *
 * <p>The engine's delegated tasks (certificate checks, key exchange) run on the reactor's thread pool, and the
 * layer goes on on the reactor thread when they are done. Records leave through the lower transport's ordinary
 * write path, so one pass's records are coalesced into one system call. Flow control passes through both ways:
 * the protocol's producer is registered with the transport below (behind a {@link ProducerMembrane}), and
 * pausing this transport pauses reading below, with what was already received kept until it is resumed.
 *
 * <p>A hostile or broken peer cannot hold a connection: the handshake has a deadline (10 s unless the context
 * factory says otherwise), after which the connection is aborted and the protocol hears a {@link TLSError} whose
 * cause is a {@link TimeoutError}; every handshake that fails closes the connection; and a TLS 1.2 client that
 * tries to renegotiate is aborted with a {@link TLSError} unless the factory allows it. Ciphertext the layer
 * cannot take yet (while a delegated task runs or the protocol is paused) is bounded: past a few records, reading
 * below stops until it is taken.
 *
 * <p>Everything here runs on the reactor's thread.
 */
public final class TLSMemoryBIOProtocol implements ITLSLayer, IBufferProtocol {
    private static final System.Logger LOG = System.getLogger("dev.twine.tls");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final IReactor reactor;
    /** The reactor as host of its transports: the thread check. */
    private final TransportHost transportHost;
    private final IProtocol wrapped;
    private final SSLEngine engine;
    private final Duration handshakeTimeout;
    private final boolean allowClientRenegotiation;
    private ITCPTransport transport;
    /** The handshake's deadline while it runs; null before and after. */
    private IDelayedCall handshakeTimer;

    /** Ciphertext received and not yet decrypted, in fill mode. */
    private ByteBuffer netIn;
    /** Where one record is encrypted to before it is written below. */
    private ByteBuffer netOut;
    /** Plaintext decrypted and not yet handed to the protocol, in fill mode. */
    private ByteBuffer appIn;
    /** A read-only view of {@link #appIn}, reused for every delivery to an {@link IBufferProtocol}. */
    private ByteBuffer appView;
    /** What the protocol wrote before the handshake finished (or while a delegated task runs), copied. */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingBytes;

    /**
     * Ciphertext held beyond this stops the reading below until it is taken: a peer cannot fill memory while a
     * delegated task runs or the protocol is paused. Above one record, so a partial record never waits on itself.
     */
    private final int netInLimit;

    private ProducerMembrane membrane;
    private boolean handshakeDone;
    /** A second (TLS 1.2) handshake runs on the established connection, under {@link #handshakeTimer}. */
    private boolean renegotiating;
    private boolean tasksRunning;
    /** The protocol above paused this transport. */
    private boolean readPaused;
    /** {@link #netIn} holds more than {@link #netInLimit}. */
    private boolean backlogFull;
    /** Whether this layer has paused the transport below (for either reason above). */
    private boolean belowPaused;
    /** loseConnection was called: close_notify follows once {@link #pending} is sent. */
    private boolean closing;
    private boolean closeNotifySent;
    private boolean peerClosedCleanly;
    private boolean aborted;
    private boolean ended;
    /** A TLS failure decided before the transport below closes: what the protocol is told then. */
    private Failure failure;
    private Failure toldReason;
    private boolean processing;
    private boolean processAgain;

    /**
     * A layer that will drive {@code engine} (in client or server mode already) for {@code wrapped}, with the
     * default policies: {@link ITLSContextFactory#DEFAULT_HANDSHAKE_TIMEOUT}, no client renegotiation.
     */
    public TLSMemoryBIOProtocol(IReactor reactor, IProtocol wrapped, SSLEngine engine) {
        this(reactor, wrapped, engine, ITLSContextFactory.DEFAULT_HANDSHAKE_TIMEOUT, false);
    }

    /**
     * A layer whose handshake must be done within {@code handshakeTimeout} (positive), and which lets a TLS 1.2
     * client renegotiate only if {@code allowClientRenegotiation}.
     */
    public TLSMemoryBIOProtocol(IReactor reactor, IProtocol wrapped, SSLEngine engine, Duration handshakeTimeout,
            boolean allowClientRenegotiation) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.transportHost = TransportHost.of(reactor);
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + handshakeTimeout);
        }
        this.allowClientRenegotiation = allowClientRenegotiation;
        SSLSession session = engine.getSession();
        netIn = ByteBuffer.allocate(session.getPacketBufferSize());
        netOut = ByteBuffer.allocate(session.getPacketBufferSize());
        netInLimit = Math.max(TransportHost.BUFFER_SIZE, 2 * session.getPacketBufferSize());
        appIn = ByteBuffer.allocate(Math.max(64 * 1024, session.getApplicationBufferSize()));
    }

    /** The transport under this layer (the connection, or its bypass after {@code startTLS}). */
    public ITCPTransport transportBelow() {
        return transport;
    }

    /** The protocol this layer carries. */
    public IProtocol wrappedProtocol() {
        return wrapped;
    }

    // ---------------------------------------------------------------- the protocol of the transport below

    /** A new connection: the protocol above is connected first (as in Twisted), then the handshake starts. */
    @Override
    public void makeConnection(ITransport transport) {
        this.transport = (ITCPTransport) transport;
        wrapped.makeConnection(this);
        startHandshake();
    }

    /**
     * TLS on a connection whose protocol is connected already ({@code startTLS}): {@code bypass} is the connection
     * without this layer.
     */
    void attach(ITCPTransport bypass) {
        this.transport = bypass;
        startHandshake();
    }

    private void startHandshake() {
        if (ended || closeNotifySent) {
            return;
        }
        handshakeTimer = reactor.callLater(handshakeTimeout, this::handshakeTimedOut);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        process();
    }

    @Override
    public void connectionMade() {
    }

    @Override
    public void dataReceived(byte[] data) {
        bufferReceived(ByteBuffer.wrap(data));
    }

    @Override
    public void bufferReceived(ByteBuffer data) {
        if (ended || failure != null) {
            return;
        }
        if (netIn.remaining() < data.remaining()) {
            netIn = grown(netIn, netIn.position() + data.remaining());
        }
        netIn.put(data);
        process();
    }

    /**
     * The transport below is gone: the protocol hears the TLS reason (a failure, a clean {@code close_notify}, a
     * truncation) or else the transport's.
     */
    @Override
    public void connectionLost(Failure reason) {
        if (ended) {
            return;
        }
        ended = true;
        cancelHandshakeTimer();
        pending.clear();
        pendingBytes = 0;
        membrane = null;
        Failure told;
        if (failure != null) {
            told = failure;
        } else if (aborted || reason.value() instanceof ConnectionAborted) {
            told = reason;
        } else if (peerClosedCleanly || closeNotifySent) {
            told = reason.value() instanceof ConnectionDone ? reason
                    : new Failure(new ConnectionDone("connection done after close_notify"));
        } else if (reason.value() instanceof ConnectionDone) {
            told = new Failure(new ConnectionLost("the peer closed the connection without a TLS close_notify"
                    + (handshakeDone ? "" : " during the handshake")));
        } else {
            told = reason;
        }
        engine.closeOutbound();
        toldReason = told;
        wrapped.connectionLost(told);
    }

    /** What the protocol above was told when the connection ended, or null while it lasts. */
    Failure toldReason() {
        return toldReason;
    }

    // ---------------------------------------------------------------- the engine

    /** Runs the engine until it needs more from the peer, a delegated task, or the protocol to resume reading. */
    private void process() {
        if (processing) {
            processAgain = true;
            return;
        }
        processing = true;
        try {
            do {
                processAgain = false;
                step();
            } while (processAgain);
        } finally {
            processing = false;
        }
        backlogFull = netIn.position() > netInLimit;
        updateReadingBelow();
    }

    /** Pauses or resumes the transport below as the protocol's pause and the backlog of ciphertext say. */
    private void updateReadingBelow() {
        boolean pause = readPaused || backlogFull;
        if (pause == belowPaused || ended) {
            return;
        }
        belowPaused = pause;
        if (pause) {
            transport.pauseProducing();
        } else {
            transport.resumeProducing();
        }
    }

    private void step() {
        while (!ended && failure == null && !tasksRunning) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> {
                    runDelegatedTasks();
                    return;
                }
                case NEED_WRAP -> {
                    if (!wrapHandshake()) {
                        return;
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrap()) {
                        return;
                    }
                }
                default -> {
                    if (!handshakeDone || renegotiating) {
                        handshakeFinished();
                        continue;
                    }
                    if (!flushPending()) {
                        continue;
                    }
                    if (closing) {
                        sendCloseNotify();
                        // Closing: nothing more reaches the protocol (and the transport below stops reading), so
                        // what was read already is dropped rather than kept while our last writes drain.
                        netIn.clear();
                        return;
                    }
                    if (readPaused || !unwrap()) {
                        return;
                    }
                }
            }
        }
    }

    /** One handshake message out; false when there is nothing more to do for now. */
    private boolean wrapHandshake() {
        SSLEngineResult result;
        try {
            result = wrapRecord(EMPTY);
        } catch (SSLException e) {
            fail(e);
            return false;
        }
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeFinished();
        }
        // Closed, or nothing to say after all (a closed engine can still ask to wrap): wait for the peer.
        return result.getStatus() != SSLEngineResult.Status.CLOSED
                && (result.bytesProduced() > 0 || result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP);
    }

    /**
     * Decrypts one record into {@link #appIn}, handing the plaintext to the protocol when no whole record is left
     * or no more fits. Returns whether to go on.
     */
    private boolean unwrap() {
        if (netIn.position() == 0) {
            deliver();
            return false;
        }
        SSLEngineResult result;
        netIn.flip();
        try {
            result = engine.unwrap(netIn, appIn);
        } catch (SSLException e) {
            netIn.compact();
            deliver();
            fail(e);
            return false;
        }
        netIn.compact();
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                deliver();
                int packet = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() < packet) {
                    netIn = grown(netIn, packet);
                }
                return false;
            }
            case BUFFER_OVERFLOW -> {
                if (appIn.position() > 0) {
                    deliver();
                } else {
                    appIn = grown(appIn, engine.getSession().getApplicationBufferSize());
                    appView = null;
                }
                return !ended;
            }
            case CLOSED -> {
                deliver();
                peerClosed();
                return false;
            }
            default -> {
                if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    handshakeFinished();
                } else if (handshakeDone && !renegotiating && isSecondHandshake(result.getHandshakeStatus())) {
                    if (!engine.getUseClientMode() && !allowClientRenegotiation) {
                        deliver();
                        abortWith(new TLSError("TLS renegotiation refused: the client started a second handshake"
                                + " on " + engine.getSession().getProtocol() + " (allowClientRenegotiation is off)"));
                        return false;
                    }
                    // Allowed (or asked for by our server): it gets a deadline of its own, as the first did.
                    renegotiating = true;
                    handshakeTimer = reactor.callLater(handshakeTimeout, this::handshakeTimedOut);
                }
                if (appIn.remaining() < engine.getSession().getApplicationBufferSize()) {
                    deliver();
                }
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            }
        }
    }

    /**
     * Whether a record just read started a handshake on an established connection: a TLS 1.2 renegotiation (TLS
     * 1.3's post-handshake messages, key updates and tickets, are no such thing), seen as the engine wanting
     * handshake work again after the handshake finished.
     */
    private boolean isSecondHandshake(HandshakeStatus status) {
        if (closeNotifySent || engine.isOutboundDone()
                || status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED) {
            return false;
        }
        return !"TLSv1.3".equals(engine.getSession().getProtocol());
    }

    /** Hands what was decrypted to the protocol. */
    private void deliver() {
        if (appIn.position() == 0 || ended) {
            return;
        }
        appIn.flip();
        try {
            if (wrapped instanceof IBufferProtocol inPlace) {
                if (appView == null || appView.capacity() != appIn.capacity()) {
                    appView = appIn.asReadOnlyBuffer();
                }
                appView.limit(appIn.limit()).position(0);
                inPlace.bufferReceived(appView);
            } else {
                byte[] data = new byte[appIn.remaining()];
                appIn.get(data);
                wrapped.dataReceived(data);
            }
        } finally {
            appIn.clear();
        }
    }

    /** Encrypts from {@code source} into one record and writes it below. */
    private SSLEngineResult wrapRecord(ByteBuffer source) throws SSLException {
        while (true) {
            netOut.clear();
            SSLEngineResult result = engine.wrap(source, netOut);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2,
                        engine.getSession().getPacketBufferSize()));
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining()) {
                transport.write(netOut);
            }
            return result;
        }
    }

    /**
     * Encrypts all of {@code source}; stops early (keeping the rest) when the engine has handshake work, which
     * {@link #step()} then does. Returns whether all of it went.
     */
    private boolean wrapAll(ByteBuffer source) {
        while (source.hasRemaining()) {
            SSLEngineResult result;
            try {
                result = wrapRecord(source);
            } catch (SSLException e) {
                fail(e);
                return false;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                source.position(source.limit());
                return true;
            }
            HandshakeStatus status = result.getHandshakeStatus();
            if (status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED
                    && source.hasRemaining()) {
                return false;
            }
        }
        return true;
    }

    /** Sends what the protocol wrote while it could not be sent; false when the engine needs something first. */
    private boolean flushPending() {
        while (!pending.isEmpty()) {
            ByteBuffer head = pending.peekFirst();
            int before = head.remaining();
            boolean all = wrapAll(head);
            pendingBytes -= before - head.remaining();
            if (!all) {
                releaseBacklog();
                return false;
            }
            pending.pollFirst();
        }
        releaseBacklog();
        return true;
    }

    private void releaseBacklog() {
        if (membrane != null && pendingBytes <= TransportHost.BUFFER_SIZE) {
            membrane.pauseForTLS(false);
        }
    }

    private void runDelegatedTasks() {
        tasksRunning = true;
        if (!reactor.getThreadPool().started()) {
            // A reactor driven by iterate() alone never starts its pool (run() does): run the tasks on this thread
            // rather than leave the handshake waiting for a pool that will not come.
            Throwable error = runTasks();
            reactor.callFromThread(() -> tasksDone(error));
            return;
        }
        reactor.callInThread(() -> {
            Throwable error = runTasks();
            reactor.callFromThread(() -> tasksDone(error));
        });
    }

    private Throwable runTasks() {
        try {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private void tasksDone(Throwable taskError) {
        tasksRunning = false;
        if (taskError != null) {
            fail(taskError);
        } else {
            process();
        }
    }

    private void handshakeFinished() {
        if (handshakeDone) {
            if (renegotiating) {
                renegotiating = false;
                cancelHandshakeTimer();
            }
            return;
        }
        handshakeDone = true;
        cancelHandshakeTimer();
        if (wrapped instanceof IHandshakeListener listener) {
            listener.handshakeCompleted();
        }
    }

    private void cancelHandshakeTimer() {
        IDelayedCall timer = handshakeTimer;
        handshakeTimer = null;
        if (timer != null && timer.active()) {
            timer.cancel();
        }
    }

    /**
     * The deadline passed with the handshake unfinished (a silent peer, half a record, a flight unanswered, or a
     * close that waits on a peer that does not read): abort, since a graceful close would wait on the same peer.
     */
    private void handshakeTimedOut() {
        handshakeTimer = null;
        if (ended || handshakeDone && !renegotiating) {
            return;
        }
        String what = (renegotiating ? "TLS renegotiation" : "TLS handshake") + " timed out after "
                + handshakeTimeout.toMillis() + " ms";
        abortWith(new TLSError(what, new TimeoutError(what)));
    }

    /** Closes at once (RST, nothing more sent) and tells the protocol {@code error}, unless it failed already. */
    private void abortWith(TLSError error) {
        if (ended) {
            return;
        }
        if (failure == null) {
            failure = new Failure(error);
        }
        pending.clear();
        pendingBytes = 0;
        aborted = true;
        transport.abortConnection();
    }

    /** The peer's close_notify: answer it and close; the protocol hears {@link ConnectionDone}. */
    private void peerClosed() {
        peerClosedCleanly = true;
        pending.clear();
        pendingBytes = 0;
        if (closeNotifySent) {
            // We had half-closed: both directions are done now.
            transport.loseConnection();
        } else {
            sendCloseNotify();
        }
    }

    /** Our close_notify out (once), then the transport below closes once it is sent. */
    private void sendCloseNotify() {
        if (closeNotifySent || ended) {
            return;
        }
        closeNotifySent = true;
        closeOutbound();
        transport.loseConnection();
    }

    /** Closes the engine's sending side and writes what it has to say: close_notify, or an alert after a failure. */
    private void closeOutbound() {
        engine.closeOutbound();
        try {
            while (!engine.isOutboundDone()) {
                if (wrapRecord(EMPTY).bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException e) {
            // The peer is going or gone: the close goes ahead without our last record.
            LOG.log(Level.DEBUG, "last TLS record not sent: {0}", e.getMessage());
        }
    }

    /** A TLS failure: the alert the engine has (if any) goes out, then the connection closes with the reason. */
    private void fail(Throwable cause) {
        if (failure != null || ended) {
            return;
        }
        String what = handshakeDone ? "TLS connection failed: " : "TLS handshake failed: ";
        failure = new Failure(new TLSError(what + cause.getMessage(), cause));
        pending.clear();
        pendingBytes = 0;
        closeOutbound();
        transport.loseConnection();
    }

    private static ByteBuffer grown(ByteBuffer buffer, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity() * 2));
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }

    // ---------------------------------------------------------------- the transport of the protocol above

    @Override
    public void write(byte[] data) {
        transportHost.checkThread("write");
        write(ByteBuffer.wrap(data));
    }

    /**
     * Encrypts {@code data}'s remaining bytes now, or keeps a copy until the handshake is done; its position does
     * not move.
     */
    @Override
    public void write(ByteBuffer data) {
        transportHost.checkThread("write");
        if (!acceptsWrites() || !data.hasRemaining()) {
            return;
        }
        if (handshakeDone && pending.isEmpty() && !tasksRunning) {
            ByteBuffer source = data.duplicate();
            if (!wrapAll(source) && failure == null) {
                keep(source);
                process();
            }
        } else {
            keep(data.duplicate());
        }
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        transportHost.checkThread("writeSequence");
        for (byte[] piece : data) {
            write(piece);
        }
    }

    private boolean acceptsWrites() {
        return !ended && !closeNotifySent && !aborted && failure == null;
    }

    private void keep(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source).flip();
        pending.addLast(copy);
        pendingBytes += copy.remaining();
        if (membrane != null && pendingBytes > TransportHost.BUFFER_SIZE) {
            membrane.pauseForTLS(true);
        }
    }

    /** The memory held for ciphertext not yet decrypted: for bound tests. */
    int ciphertextCapacity() {
        return netIn.capacity();
    }

    /** Plaintext bytes written and not yet encrypted (waiting for the handshake): for flow-control tests. */
    public long pendingBytes() {
        return pendingBytes;
    }

    /** Sends close_notify once everything written is encrypted, then closes. */
    @Override
    public void loseConnection() {
        transportHost.checkThread("loseConnection");
        if (ended || closing || aborted) {
            return;
        }
        closing = true;
        if (pending.isEmpty() && failure == null) {
            sendCloseNotify();
        }
    }

    /** TLS has no half-close of its own: this sends close_notify, then half-closes the transport below. */
    @Override
    public void loseWriteConnection() {
        transportHost.checkThread("loseWriteConnection");
        if (ended || closeNotifySent || aborted) {
            return;
        }
        closeNotifySent = true;
        closeOutbound();
        transport.loseWriteConnection();
    }

    /** Closes at once: nothing more is sent, not even close_notify; the protocol hears ConnectionAborted. */
    @Override
    public void abortConnection() {
        transportHost.checkThread("abortConnection");
        if (ended || aborted) {
            return;
        }
        aborted = true;
        pending.clear();
        pendingBytes = 0;
        transport.abortConnection();
    }

    @Override
    public void registerProducer(IProducer producer, boolean streaming) {
        transportHost.checkThread("registerProducer");
        Objects.requireNonNull(producer, "producer");
        if (membrane != null) {
            throw new IllegalStateException("Cannot register producer " + producer + ", because producer "
                    + membrane.producer + " was never unregistered.");
        }
        if (ended) {
            producer.stopProducing();
            return;
        }
        ProducerMembrane m = new ProducerMembrane(producer, streaming);
        membrane = m;
        if (pendingBytes > TransportHost.BUFFER_SIZE) {
            m.pauseForTLS(true);
        }
        transport.registerProducer(m, streaming);
    }

    @Override
    public void unregisterProducer() {
        transportHost.checkThread("unregisterProducer");
        // Below, too, when there is no membrane: a producer registered before startTLS sits there.
        membrane = null;
        transport.unregisterProducer();
    }

    /** Stops reading: what was received already waits, decrypted or not, for {@link #resumeProducing()}. */
    @Override
    public void pauseProducing() {
        transportHost.checkThread("pauseProducing");
        readPaused = true;
        updateReadingBelow();
    }

    @Override
    public void resumeProducing() {
        transportHost.checkThread("resumeProducing");
        if (!readPaused) {
            return;
        }
        readPaused = false;
        if (ended) {
            return;
        }
        process();
    }

    @Override
    public void stopProducing() {
        transportHost.checkThread("stopProducing");
        loseConnection();
    }

    @Override
    public IAddress getPeer() {
        return transport.getPeer();
    }

    @Override
    public IAddress getHost() {
        return transport.getHost();
    }

    @Override
    public boolean getTcpNoDelay() {
        return transport.getTcpNoDelay();
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        transportHost.checkThread("setTcpNoDelay");
        transport.setTcpNoDelay(enabled);
    }

    @Override
    public boolean getTcpKeepAlive() {
        return transport.getTcpKeepAlive();
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        transportHost.checkThread("setTcpKeepAlive");
        transport.setTcpKeepAlive(enabled);
    }

    /** The options of the socket below: TLS adds none of its own. */
    @Override
    public <T> void setOption(SocketOption<T> name, T value) {
        transportHost.checkThread("setOption");
        transport.setOption(name, value);
    }

    @Override
    public <T> T getOption(SocketOption<T> name) {
        return transport.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return transport.supportedOptions();
    }

    // ---------------------------------------------------------------- what was negotiated

    @Override
    public SSLSession getSession() {
        return handshakeDone ? engine.getSession() : null;
    }

    @Override
    public Certificate getPeerCertificate() {
        List<Certificate> chain = getPeerCertificates();
        return chain.isEmpty() ? null : chain.get(0);
    }

    @Override
    public List<Certificate> getPeerCertificates() {
        SSLSession session = getSession();
        if (session == null) {
            return List.of();
        }
        try {
            return List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }

    @Override
    public String getProtocolVersion() {
        SSLSession session = getSession();
        return session == null ? null : session.getProtocol();
    }

    @Override
    public String getCipherSuite() {
        SSLSession session = getSession();
        return session == null ? null : session.getCipherSuite();
    }

    @Override
    public String getNegotiatedProtocol() {
        if (!handshakeDone) {
            return null;
        }
        String chosen = engine.getApplicationProtocol();
        return chosen == null || chosen.isEmpty() ? null : chosen;
    }

    @Override
    public String toString() {
        return "TLSMemoryBIOProtocol[" + wrapped + (engine.getUseClientMode() ? ", client" : ", server") + "]";
    }
}
