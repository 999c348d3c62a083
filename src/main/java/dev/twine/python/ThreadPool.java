package dev.twine.python;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A pool of worker threads that run blocking work off the reactor thread: Twisted's
 * {@code twisted.python.threadpool.ThreadPool}. Work submitted before {@link #start()} waits for it; the pool grows
 * up to {@code maxThreads} under load and lets idle threads go after {@link #IDLE_SECONDS}.
 */
public final class ThreadPool {
    /** How long a worker with nothing to do lives on. */
    public static final long IDLE_SECONDS = 30;
    /** How long {@link #stop()} waits for running work before interrupting it. */
    private static final long STOP_GRACE_SECONDS = 30;
    private static final System.Logger LOG = System.getLogger("dev.twine.threadpool");

    private final String name;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final List<Runnable> pending = new ArrayList<>();
    private int minThreads;
    private int maxThreads;
    private ThreadPoolExecutor executor;
    private boolean joined;

    /** A pool of at most 20 threads, as Twisted's default. */
    public ThreadPool() {
        this(5, 20, "twine-pool");
    }

    public ThreadPool(int minThreads, int maxThreads, String name) {
        checkSizes(minThreads, maxThreads);
        this.minThreads = minThreads;
        this.maxThreads = maxThreads;
        this.name = name;
    }

    private static void checkSizes(int minThreads, int maxThreads) {
        if (minThreads < 0) {
            throw new IllegalArgumentException("minThreads must be >= 0, was " + minThreads);
        }
        if (maxThreads < 1 || maxThreads < minThreads) {
            throw new IllegalArgumentException(
                    "maxThreads must be >= 1 and >= minThreads (" + minThreads + "), was " + maxThreads);
        }
    }

    /** Starts the workers; work queued before now begins to run. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        if (joined) {
            throw new IllegalStateException("thread pool " + name + " was stopped and cannot start again");
        }
        ThreadFactory factory = runnable -> {
            Thread t = new Thread(runnable, name + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // core == max so the pool grows before it queues; idle core threads time out, so an idle pool holds none.
        executor = new ThreadPoolExecutor(maxThreads, maxThreads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
        // Start minThreads workers, as Twisted does; prestartAllCoreThreads would start maxThreads (core == max).
        for (int i = 0; i < minThreads; i++) {
            executor.prestartCoreThread();
        }
        pending.forEach(executor::execute);
        pending.clear();
    }

    /** True between {@link #start()} and {@link #stop()}. */
    public synchronized boolean started() {
        return executor != null;
    }

    /** Runs {@code task} on a worker; exceptions it throws are logged. */
    public void callInThread(Runnable task) {
        Runnable logged = () -> {
            try {
                task.run();
            } catch (Throwable t) {
                report(t);
            }
        };
        synchronized (this) {
            if (joined) {
                throw new IllegalStateException("thread pool " + name + " is stopped");
            }
            if (executor == null) {
                pending.add(logged);
                return;
            }
            // Under the lock: a stop() racing with this call would otherwise shut the executor down in between,
            // and it would reject the work (RejectedExecutionException) instead of our IllegalStateException.
            // execute never blocks: the queue is unbounded.
            executor.execute(logged);
        }
    }

    /**
     * Logs what a task threw; never throws, so a logger that fails cannot take the worker with it. If the logger
     * throws, one line goes to {@link System#err} (open from the start: no descriptor to open, as in the reactor's
     * own last resort). Not the syscall layer's {@code SafeLog}: this API contract must not load the syscall layer.
     */
    private void report(Throwable thrown) {
        try {
            LOG.log(Level.ERROR, () -> "Unhandled error in thread pool " + name, thrown);
        } catch (Throwable failure) {
            try {
                System.err.println("twine: logging failed (" + failure.getClass().getName() + ") reporting: ERROR"
                        + " Unhandled error in thread pool " + name + ": " + thrown.getClass().getName()
                        + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()));
            } catch (Throwable ignored) {
                // Nowhere left to report to.
            }
        }
    }

    /**
     * Runs {@code task} on a worker, then calls {@code onResult(true, value)} or {@code onResult(false, throwable)}
     * on that same worker, as Twisted's {@code callInThreadWithCallback} does.
     */
    public <T> void callInThreadWithCallback(BiConsumer<Boolean, Object> onResult, Callable<T> task) {
        callInThread(() -> {
            Object result;
            boolean ok;
            try {
                result = task.call();
                ok = true;
            } catch (Throwable t) {
                result = t;
                ok = false;
            }
            onResult.accept(ok, result);
        });
    }

    /** Changes the pool's bounds; running work is not disturbed. */
    public synchronized void adjustPoolsize(int minThreads, int maxThreads) {
        checkSizes(minThreads, maxThreads);
        this.minThreads = minThreads;
        this.maxThreads = maxThreads;
        if (executor != null) {
            if (maxThreads >= executor.getMaximumPoolSize()) {
                executor.setMaximumPoolSize(maxThreads);
                executor.setCorePoolSize(maxThreads);
            } else {
                executor.setCorePoolSize(maxThreads);
                executor.setMaximumPoolSize(maxThreads);
            }
            // As Twisted: a started pool grows to its new minimum at once.
            for (int i = executor.getPoolSize(); i < minThreads; i++) {
                executor.prestartCoreThread();
            }
        }
    }

    public synchronized int minThreads() {
        return minThreads;
    }

    public synchronized int maxThreads() {
        return maxThreads;
    }

    /** The number of worker threads alive now. */
    public synchronized int threadCount() {
        return executor == null ? 0 : executor.getPoolSize();
    }

    /** Stops accepting work, lets queued work finish, and waits for every worker to end. */
    public void stop() {
        ThreadPoolExecutor toStop;
        synchronized (this) {
            joined = true;
            toStop = executor;
            executor = null;
            pending.clear();
        }
        if (toStop == null) {
            return;
        }
        toStop.shutdown();
        try {
            if (!toStop.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "thread pool " + name + " still busy after " + STOP_GRACE_SECONDS
                        + " s; interrupting its workers");
                toStop.shutdownNow();
                toStop.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            toStop.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized String toString() {
        return "ThreadPool[" + name + ", " + minThreads + ".." + maxThreads + ", "
                + (executor != null ? "started" : joined ? "stopped" : "not started") + "]";
    }
}
