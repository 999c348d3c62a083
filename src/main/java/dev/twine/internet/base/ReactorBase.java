package dev.twine.internet.base;

import dev.twine.internal.sys.SafeLog;
import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.error.ReactorAlreadyRunning;
import dev.twine.internet.error.ReactorNotRestartable;
import dev.twine.internet.error.ReactorNotRunning;
import dev.twine.internet.error.ReactorWrongThread;
import dev.twine.internet.host.IFlushable;
import dev.twine.internet.host.ReactorBuffers;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IFileDescriptor;
import dev.twine.internet.interfaces.IHostnameResolver;
import dev.twine.internet.interfaces.IReactorCore;
import dev.twine.internet.interfaces.IReactorFDSet;
import dev.twine.internet.interfaces.IReactorPluggableNameResolver;
import dev.twine.internet.interfaces.IReactorThreads;
import dev.twine.internet.interfaces.IReactorTime;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.IResolverSimple;
import dev.twine.internet.interfaces.TriggerId;
import dev.twine.python.Failure;
import dev.twine.python.ThreadPool;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What every reactor shares, whatever it polls with: time, system event triggers, the life cycle, threads and
 * name resolution (Twisted's {@code base.ReactorBase}). Subclasses supply {@link #doIteration} and the
 * {@link IReactorFDSet} methods.
 *
 * <p>Only the thread running the reactor may touch it while it runs; other threads use
 * {@link #callFromThread}. Methods that would corrupt it from another thread raise {@link ReactorWrongThread}.
 */
public abstract class ReactorBase
        implements IReactorCore, IReactorTime, IReactorThreads, IReactorFDSet, IReactorPluggableNameResolver,
        TransportHost, AutoCloseable {
    protected static final System.Logger LOG = System.getLogger("dev.twine.reactor");

    /** The longest single wait for I/O: epoll takes milliseconds as an {@code int}. */
    public static final double MAX_TIMEOUT_SECONDS = Integer.MAX_VALUE / 1000.0;

    /** Poll states that let {@link #callFromThread} skip the wake-up system call when the reactor is awake. */
    protected static final int AWAKE = 0;
    protected static final int POLLING = 1;
    protected static final int WOKEN = 2;

    private final TimedCalls timedCalls = new TimedCalls(this::seconds, true, this::checkThread);
    private final ConcurrentLinkedQueue<Runnable> threadCallQueue = new ConcurrentLinkedQueue<>();
    /**
     * Queued by the reactor behind the calls present when a pass begins: calls queued after it wait for the next
     * pass, as in Twisted, without a shared counter that every producer would have to write.
     */
    private static final Runnable END_OF_PASS = () -> { };
    protected final AtomicInteger pollState = new AtomicInteger(AWAKE);

    private IFlushable[] flushQueue = new IFlushable[64];
    private int flushCount;

    private final Map<String, ThreePhaseEvent> eventTriggers = new HashMap<>();
    protected final Set<IReadDescriptor> internalReaders = new HashSet<>();
    /** Every transport and port still open, registered for events or not: what {@link #close()} releases. */
    private final Set<IFileDescriptor> openDescriptors = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The memory this reactor's transports share; {@link #closeBuffers()} frees it. */
    private final ReactorBuffers buffers = new ReactorBuffers();

    /** Written on the reactor's thread (or the one thread using it while it does not run); read from any. */
    private volatile ReactorState state = ReactorState.NEW;
    private boolean installSignalHandlers = true;
    private volatile int exitSignal;
    private final SignalHandling signals;
    private volatile Thread reactorThread;

    private ThreadPool threadpool;
    private TriggerId threadpoolStartupId;
    private TriggerId threadpoolShutdownId;
    private IResolverSimple resolver;
    private IHostnameResolver nameResolver;

    /** The waker {@link #callFromThread} uses to interrupt a sleeping poll; installed by subclasses. */
    protected Waker waker;

    protected ReactorBase() {
        // Reporting an error later must not need a descriptor the process may no longer have.
        SafeLog.prepare(LOG);
        signals = makeSignalHandling();
        resolver = new ThreadedResolver(this);
        nameResolver = new GAIResolver(this);
        addSystemEventTrigger("during", "startup", this::reallyStartRunning);
        addSystemEventTrigger("during", "shutdown", this::crash);
        addSystemEventTrigger("during", "shutdown", this::disconnectAll);
    }

    /** The handlers {@code run} installs; override to handle more signals, or none. */
    protected SignalHandling makeSignalHandling() {
        return new JvmSignalHandling(this::sigInt, this::sigTerm);
    }

    // ---------------------------------------------------------------- time

    @Override
    public double seconds() {
        return System.nanoTime() / 1e9;
    }

    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable callable) {
        checkThread("callLater");
        // A closed reactor never runs again: fail now rather than drop the call silently.
        ensureOpen();
        return timedCalls.schedule(delaySeconds, callable);
    }

    @Override
    public List<IDelayedCall> getDelayedCalls() {
        checkThread("getDelayedCalls");
        return List.copyOf(timedCalls.pending());
    }

    /**
     * How long the reactor may sleep before a timed call is due, in seconds: 0 when thread calls wait or the
     * reactor has just been stopped, {@code +infinity} when nothing is scheduled, never more than
     * {@link #MAX_TIMEOUT_SECONDS}.
     */
    public double timeout() {
        if (hasThreadCalls() || state.shutdownDue() || flushCount > 0) {
            return 0;
        }
        double wait = timedCalls.timeUntilNext();
        return wait == Double.POSITIVE_INFINITY ? wait : Math.min(wait, MAX_TIMEOUT_SECONDS);
    }

    /**
     * Runs what is due: the calls handed over by other threads (those queued before this pass began), then the
     * timed calls due now; after a {@link #stop()} it fires the shutdown event.
     */
    public void runUntilCurrent() {
        if (!threadCallQueue.isEmpty()) {
            threadCallQueue.offer(END_OF_PASS);
            Runnable call;
            while ((call = threadCallQueue.poll()) != END_OF_PASS) {
                try {
                    call.run();
                } catch (Throwable t) {
                    Runnable failed = call;
                    SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in call from thread " + failed, t);
                }
            }
        }
        timedCalls.runDue();
        runFlushes();
        if (state.shutdownDue()) {
            state = state.afterShutdownFired();
            fireSystemEvent("shutdown");
        }
    }

    /**
     * Asks for {@code flushable.flush()} once this pass's events and calls are done and before the reactor next
     * waits. Callers ask once per pass (a flag of their own), so the queue holds no duplicates and costs no lookup.
     */
    @Override
    public void flushAtEndOfPass(IFlushable flushable) {
        checkThread("flushAtEndOfPass");
        if (flushCount == flushQueue.length) {
            flushQueue = java.util.Arrays.copyOf(flushQueue, flushCount * 2);
        }
        flushQueue[flushCount++] = flushable;
    }

    /**
     * Flushes asked for by flushes run again within one call at most this often (a pull producer resumed by its
     * drained queue writes again, and so on), then wait for the next pass: Netty's write-spin count. Without a
     * bound a producer that always writes would keep one pass going until the kernel buffer filled.
     */
    private static final int FLUSH_ROUNDS = 16;

    /**
     * Runs the flushes asked for before this call, then those they ask for in turn, for at most
     * {@link #FLUSH_ROUNDS} rounds; what is asked for after that waits for the next pass, and the reactor does not
     * sleep while it waits. A pass does bounded work.
     */
    protected final void runFlushes() {
        for (int round = 0; round < FLUSH_ROUNDS && flushCount > 0; round++) {
            int due = flushCount;
            for (int i = 0; i < due; i++) {
                IFlushable flushable = flushQueue[i];
                flushQueue[i] = null;
                try {
                    flushable.flush();
                } catch (Throwable t) {
                    SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error flushing " + flushable, t);
                }
            }
            int next = flushCount - due;
            if (next > 0) {
                System.arraycopy(flushQueue, due, flushQueue, 0, next);
                java.util.Arrays.fill(flushQueue, next, flushCount, null);
            }
            flushCount = next;
        }
    }

    /** Whether a flush waits for the next pass: the reactor must not sleep then. */
    protected final boolean hasPendingFlushes() {
        return flushCount > 0;
    }

    protected final boolean hasThreadCalls() {
        return !threadCallQueue.isEmpty();
    }

    // ---------------------------------------------------------------- life cycle

    @Override
    public boolean running() {
        return state.running;
    }

    /** Runs the reactor, installing the SIGINT/SIGTERM handlers. */
    @Override
    public void run() {
        run(true);
    }

    /** Runs the reactor on this thread until it is stopped or crashed. */
    public void run(boolean installSignalHandlers) {
        startRunning(installSignalHandlers);
        mainLoop();
    }

    /** Moves to the started state and fires the startup event; {@link #mainLoop()} then runs the reactor. */
    public void startRunning(boolean installSignalHandlers) {
        ReactorState now = state;
        if (now.looping) {
            throw new ReactorAlreadyRunning("the reactor is already running");
        }
        if (!now.restartable) {
            throw new ReactorNotRestartable("the reactor was stopped and cannot run again (only a crash allows that)");
        }
        ensureOpen();
        this.installSignalHandlers = installSignalHandlers;
        state = ReactorState.STARTING;
        reactorThread = Thread.currentThread();
        fireSystemEvent("startup");
    }

    private void reallyStartRunning() {
        if (state == ReactorState.STARTING) {
            state = ReactorState.RUNNING;
        }
        if (installSignalHandlers) {
            signals.install();
        }
    }

    /**
     * Runs passes until the reactor stops. Whatever escapes a pass is logged and the loop goes on, Errors included,
     * as Twisted's loop does: an OutOfMemoryError or a StackOverflowError has unwound by the time it gets here and
     * the next pass may well succeed, while a loop that died would leave every connection hanging silently. (To
     * end the process on running out of memory, run the JVM with {@code -XX:+ExitOnOutOfMemoryError}.) The
     * reports cannot throw: if the logger fails, a line goes to descriptor 2 instead.
     */
    public void mainLoop() {
        reactorThread = Thread.currentThread();
        try {
            while (state.looping) {
                try {
                    while (state.looping) {
                        runUntilCurrent();
                        double t = state.running ? timeout() : 0;
                        doIteration(t);
                    }
                } catch (Throwable t) {
                    SafeLog.log(LOG, Level.ERROR, "Unexpected error in main loop.", t);
                }
            }
        } finally {
            reactorThread = null;
            signals.uninstall();
            SafeLog.log(LOG, Level.DEBUG, "Main loop terminated.", null);
        }
    }

    @Override
    public void stop() {
        checkThread("stop");
        if (state.stopped) {
            throw new ReactorNotRunning("can't stop a reactor that isn't running");
        }
        state = state.afterStop();
    }

    @Override
    public void crash() {
        checkThread("crash");
        state = state.afterCrash();
        addSystemEventTrigger("during", "startup", this::reallyStartRunning);
    }

    @Override
    public void iterate(double delaySeconds) {
        if (!(delaySeconds >= 0)) {
            throw new IllegalArgumentException("delay must be >= 0 seconds, was " + delaySeconds);
        }
        checkThread("iterate");
        runUntilCurrent();
        doIteration(delaySeconds);
    }

    /** Waits up to {@code timeoutSeconds} (+infinity: indefinitely) for I/O and handles what is ready. */
    public abstract void doIteration(double timeoutSeconds);

    /** The signal that stopped the reactor (SIGINT 2, SIGTERM 15), or 0 if none did: Twisted's {@code _exitSignal}. */
    public int exitSignal() {
        return exitSignal;
    }

    /** Handles SIGINT: stops the reactor from its own thread and records the signal. */
    public void sigInt(int signalNumber) {
        SafeLog.log(LOG, Level.INFO, "Received SIGINT, shutting down.", null);
        exitSignal = signalNumber;
        callFromThread(this::stopIfRunning);
    }

    /** Handles SIGTERM: stops the reactor from its own thread and records the signal. */
    public void sigTerm(int signalNumber) {
        SafeLog.log(LOG, Level.INFO, "Received SIGTERM, shutting down.", null);
        exitSignal = signalNumber;
        callFromThread(this::stopIfRunning);
    }

    /** Handles SIGBREAK (Windows only in Twisted): the same as SIGINT here. */
    public void sigBreak(int signalNumber) {
        sigInt(signalNumber);
    }

    private void stopIfRunning() {
        if (!state.stopped) {
            stop();
        }
    }

    // ---------------------------------------------------------------- system events

    @Override
    public void fireSystemEvent(String eventType) {
        checkThread("fireSystemEvent");
        ThreePhaseEvent event = eventTriggers.get(eventType);
        if (event != null) {
            event.fire();
        }
    }

    @Override
    public TriggerId addSystemEventTrigger(String phase, String eventType, Runnable trigger) {
        Objects.requireNonNull(trigger, "trigger");
        return addTrigger(phase, eventType, () -> {
            trigger.run();
            return null;
        });
    }

    @Override
    public TriggerId addSystemEventTrigger(String phase, String eventType,
            Supplier<? extends Deferred<?>> trigger) {
        Objects.requireNonNull(trigger, "trigger");
        return addTrigger(phase, eventType, trigger);
    }

    private TriggerId addTrigger(String phase, String eventType, Supplier<?> body) {
        ThreePhaseEvent.checkPhase(phase);
        Objects.requireNonNull(eventType, "eventType");
        checkThread("addSystemEventTrigger");
        return eventTriggers.computeIfAbsent(eventType, ThreePhaseEvent::new).add(phase, body);
    }

    @Override
    public void removeSystemEventTrigger(TriggerId triggerId) {
        checkThread("removeSystemEventTrigger");
        if (!(triggerId instanceof ThreePhaseEvent.Trigger trigger)) {
            throw new IllegalArgumentException("not a trigger ID of this reactor: " + triggerId);
        }
        ThreePhaseEvent event = eventTriggers.get(trigger.eventType());
        if (event == null || !event.remove(trigger)) {
            throw new IllegalArgumentException("no such trigger (already removed or fired): " + triggerId);
        }
    }

    @Override
    public TriggerId callWhenRunning(Runnable callable) {
        Objects.requireNonNull(callable, "callable");
        if (state.running) {
            checkThread("callWhenRunning");
            callable.run();
            return null;
        }
        return addSystemEventTrigger("after", "startup", callable);
    }

    // ---------------------------------------------------------------- threads

    @Override
    public void callFromThread(Runnable callable) {
        Objects.requireNonNull(callable, "callable");
        threadCallQueue.offer(callable);
        if (pollState.get() == POLLING && pollState.compareAndSet(POLLING, WOKEN)) {
            Waker w = waker;
            if (w != null) {
                w.wakeUp();
            }
        }
    }

    /** Wakes the reactor from a wait for I/O: Twisted's {@code wakeUp}. Safe from any thread. */
    public void wakeUp() {
        Waker w = waker;
        if (w != null) {
            w.wakeUp();
        }
    }

    @Override
    public synchronized ThreadPool getThreadPool() {
        if (threadpool == null) {
            // A new pool on a closed reactor would never start: its work would wait forever.
            ensureOpen();
            initThreadPool();
        }
        return threadpool;
    }

    private void initThreadPool() {
        ThreadPool pool = new ThreadPool(0, 10, "twine-reactor-pool");
        threadpool = pool;
        // The pool may be asked for from a worker or a foreign thread; reactor state changes on the reactor thread.
        onReactorThread(() -> {
            threadpoolStartupId = callWhenRunning(pool::start);
            threadpoolShutdownId = addTrigger("during", "shutdown", () -> {
                stopThreadPool();
                return null;
            });
        });
    }

    private void onReactorThread(Runnable r) {
        Thread owner = reactorThread;
        if (owner == null || owner == Thread.currentThread()) {
            r.run();
        } else {
            callFromThread(r);
        }
    }

    private void stopThreadPool() {
        ThreadPool pool;
        TriggerId startup;
        TriggerId shutdown;
        synchronized (this) {
            startup = threadpoolStartupId;
            shutdown = threadpoolShutdownId;
            threadpoolStartupId = null;
            threadpoolShutdownId = null;
            pool = threadpool;
            threadpool = null;
        }
        // A pool stopped before the reactor ran (a shutdown fired early, or close) must not be started by a later
        // run: a stopped ThreadPool refuses to start again, which the startup trigger would log as an error.
        for (TriggerId trigger : new TriggerId[] {startup, shutdown}) {
            if (trigger != null) {
                try {
                    removeSystemEventTrigger(trigger);
                } catch (IllegalArgumentException alreadyFired) {
                    // the usual case: it ran, or is the shutdown trigger running now
                }
            }
        }
        if (pool != null) {
            pool.stop();
        }
    }

    /**
     * Runs {@code callable} on the worker pool. While the reactor runs the pool is the one started with it; while
     * it does not (driven by {@link #iterate}, or not run yet) the pool starts now, so that work such as a name
     * lookup never waits for a {@code run()} that may not come. Twisted's pool waits for the reactor to run.
     */
    @Override
    public void callInThread(Runnable callable) {
        Objects.requireNonNull(callable, "callable");
        ThreadPool pool = getThreadPool();
        if (reactorThread == null && !pool.started()) {
            pool.start();
        }
        pool.callInThread(callable);
    }

    @Override
    public void suggestThreadPoolSize(int size) {
        getThreadPool().adjustPoolsize(0, size);
    }

    // ---------------------------------------------------------------- names

    @Override
    public Deferred<String> resolve(String name, int... timeouts) {
        if (name == null || name.isEmpty()) {
            return Deferred.succeed("0.0.0.0");
        }
        if (isIPLiteral(name)) {
            return Deferred.succeed(name);
        }
        return resolver.getHostByName(name, timeouts);
    }

    private static boolean isIPLiteral(String name) {
        if (name.indexOf(':') < 0 && !Character.isDigit(name.charAt(name.length() - 1))) {
            return false;
        }
        try {
            InetAddress.ofLiteral(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public IHostnameResolver nameResolver() {
        return nameResolver;
    }

    @Override
    public IHostnameResolver installNameResolver(IHostnameResolver resolver) {
        IHostnameResolver previous = nameResolver;
        nameResolver = Objects.requireNonNull(resolver, "resolver");
        return previous;
    }

    @Override
    public IResolverSimple installResolver(IResolverSimple resolver) {
        IResolverSimple previous = this.resolver;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        nameResolver = new SimpleResolverComplexifier(resolver);
        return previous;
    }

    /** The simple resolver {@link #resolve} uses. */
    public IResolverSimple resolver() {
        return resolver;
    }

    // ---------------------------------------------------------------- descriptors

    /** Adds a reader that belongs to the reactor itself: {@code removeAll} leaves it alone. */
    protected void addInternalReader(IReadDescriptor reader) {
        internalReaders.add(reader);
        addReader(reader);
    }

    protected void removeInternalReader(IReadDescriptor reader) {
        internalReaders.remove(reader);
        removeReader(reader);
    }

    @Override
    public void addOpenDescriptor(IFileDescriptor descriptor) {
        openDescriptors.add(Objects.requireNonNull(descriptor, "descriptor"));
    }

    @Override
    public void removeOpenDescriptor(IFileDescriptor descriptor) {
        openDescriptors.remove(descriptor);
    }

    @Override
    public ReactorBuffers buffers() {
        return buffers;
    }

    /** For {@link #close()}, once the transports are disconnected: frees the write chunks the pool kept. */
    protected final void closeBuffers() {
        buffers.close();
    }

    /** How many transports and ports are open: for tests and {@link #toString()}. */
    public int openDescriptorCount() {
        return openDescriptors.size();
    }

    /**
     * For {@link #close()}: disconnects every transport and port still open, each with {@link ConnectionLost}, so
     * their descriptors, socket files and locks are released. One that a protocol opens while hearing of the loss
     * is disconnected too, in a bounded number of rounds.
     */
    protected final void disconnectOpenDescriptors() {
        for (int round = 0; round < 8 && !openDescriptors.isEmpty(); round++) {
            for (IFileDescriptor open : List.copyOf(openDescriptors)) {
                try {
                    open.connectionLost(new Failure(new ConnectionLost("reactor closed")));
                } catch (Throwable t) {
                    SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in connectionLost of " + open.logPrefix(), t);
                }
                openDescriptors.remove(open);
            }
        }
        if (!openDescriptors.isEmpty()) {
            int left = openDescriptors.size();
            SafeLog.log(LOG, Level.WARNING, () -> left + " transport(s) still opening more transports as they closed;"
                    + " the reactor closes without them", null);
            openDescriptors.clear();
        }
    }

    /** Disconnects every reader and writer but the reactor's own, each with {@link ConnectionLost}. */
    public void disconnectAll() {
        for (IFileDescriptor selectable : removeAll()) {
            try {
                selectable.connectionLost(new Failure(new ConnectionLost("reactor shut down")));
            } catch (Throwable t) {
                SafeLog.log(LOG, Level.ERROR,
                        () -> "Unhandled error in connectionLost of " + selectable.logPrefix(), t);
            }
        }
    }

    // ---------------------------------------------------------------- threading discipline

    @Override
    public boolean isInIOThread() {
        return reactorThread == Thread.currentThread();
    }

    /** The thread running the reactor now, or null when it is not running. */
    public Thread reactorThread() {
        return reactorThread;
    }

    /** Raises {@link ReactorWrongThread} if the reactor runs on another thread than the caller's. */
    @Override
    public final void checkThread(String method) {
        Thread owner = reactorThread;
        if (owner != null && owner != Thread.currentThread()) {
            throw new ReactorWrongThread(method + "() called from thread \"" + Thread.currentThread().getName()
                    + "\" while the reactor runs on \"" + owner.getName()
                    + "\"; use callFromThread (or Threads.blockingCallFromThread) instead");
        }
    }

    /** Raises {@link IllegalStateException} once the reactor is closed. */
    protected abstract void ensureOpen();

    /** Releases the reactor's descriptors and native memory; the reactor must not be running. */
    @Override
    public abstract void close();

    /** Stops the worker pool, if one was started; for {@link #close()}. */
    protected void closeThreadPool() {
        stopThreadPool();
    }
}
