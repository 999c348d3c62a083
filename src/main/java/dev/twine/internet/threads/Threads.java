package dev.twine.internet.threads;

import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.CancelledError;
import dev.twine.internet.interfaces.IReactorFromThreads;
import dev.twine.internet.interfaces.IReactorThreads;
import dev.twine.python.Failure;
import dev.twine.python.ThreadPool;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Moving work between the reactor thread and other threads: Twisted's {@code twisted.internet.threads}. Blocking
 * work goes to a pool thread and comes back as a {@link Deferred} fired on the reactor thread; a foreign thread can
 * run code on the reactor thread and wait for its outcome.
 */
public final class Threads {
    private Threads() {
    }

    /**
     * Runs {@code f} on the reactor's thread pool and fires the returned Deferred with its result (or fails it with
     * what it throws) on the reactor thread. Call it on the reactor thread.
     */
    public static <T> Deferred<T> deferToThread(IReactorThreads reactor, Callable<? extends T> f) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(f, "f");
        Deferred<T> d = new Deferred<>();
        reactor.callInThread(() -> {
            T result;
            try {
                result = f.call();
            } catch (Throwable t) {
                reactor.callFromThread(() -> d.errback(t));
                return;
            }
            reactor.callFromThread(() -> d.callback(result));
        });
        return d;
    }

    /**
     * {@link #deferToThread}, on {@code pool} instead of the reactor's own pool; the Deferred still fires on the
     * reactor thread.
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> deferToThreadPool(IReactorFromThreads reactor, ThreadPool pool,
            Callable<? extends T> f) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(f, "f");
        Deferred<T> d = new Deferred<>();
        pool.callInThreadWithCallback((success, result) -> {
            if (success) {
                reactor.callFromThread(() -> d.callback((T) result));
            } else {
                reactor.callFromThread(() -> d.errback((Throwable) result));
            }
        }, f);
        return d;
    }

    /**
     * Runs each of {@code calls} in turn on one pool thread, keeping them in order without blocking the reactor.
     * As in Twisted, one that throws ends the run, and the pool logs the exception.
     */
    public static void callMultipleInThread(IReactorThreads reactor, List<? extends Runnable> calls) {
        Objects.requireNonNull(reactor, "reactor");
        List<Runnable> copy = List.copyOf(calls);
        reactor.callInThread(() -> {
            for (Runnable call : copy) {
                call.run();
            }
        });
    }

    /**
     * Runs {@code f} on the reactor thread from another thread and blocks until it is done: if {@code f} returns a
     * Deferred, until that fires. Returns the result, or rethrows the exception {@code f} (or its Deferred) failed
     * with, unchanged even if checked.
     *
     * @throws IllegalStateException if called on the reactor thread, where it could only deadlock
     * @throws CancelledError if the waiting thread is interrupted (its interrupt status is kept)
     */
    @SuppressWarnings("unchecked")
    public static <T> T blockingCallFromThread(IReactorFromThreads reactor, Callable<?> f) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(f, "f");
        if (reactor.isInIOThread()) {
            throw new IllegalStateException("blockingCallFromThread() called on the reactor thread: it would wait "
                    + "for work that can only run after it returns; call the function directly instead");
        }
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        reactor.callFromThread(() -> Deferred.maybeDeferred(f).addBoth(result -> {
            outcome.complete(result);
            return null;
        }));
        Object result;
        try {
            result = outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledError("interrupted while waiting for the reactor thread", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: the outcome future is never failed", e);
        }
        if (result instanceof Failure failure) {
            failure.raiseException();
        }
        return (T) result;
    }
}
