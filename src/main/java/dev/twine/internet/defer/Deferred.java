package dev.twine.internet.defer;

import dev.twine.internet.error.AlreadyCalledError;
import dev.twine.internet.error.CancelledError;
import dev.twine.internet.error.TimeoutError;
import dev.twine.internet.scheduling.ScheduledCall;
import dev.twine.internet.scheduling.Scheduler;
import dev.twine.python.Failure;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A result that is not there yet, with a chain of callbacks and errbacks to run once it is: Twisted's
 * {@code twisted.internet.defer.Deferred}.
 *
 * <p>Each callback's return value becomes the next callback's argument; a throw (or a returned {@link Failure})
 * switches the chain to the next errback, and an errback that returns normally switches it back. A callback that
 * returns another Deferred pauses this chain until that one fires, and its result carries on here. Long chains of
 * such Deferreds, already fired or not, are walked iteratively, so their depth is not bounded by the stack.
 *
 * <p>Not thread-safe, like Twisted's: create, fire and add callbacks on one thread (normally the reactor's), and
 * come from other threads through {@code callFromThread}.
 *
 * <p>A Deferred whose chain ends in a failure and that is then garbage collected logs that failure at {@code
 * ERROR} on {@code System.getLogger("dev.twine.defer")} as "Unhandled error in Deferred", because otherwise the
 * error would vanish silently. Add a final errback to handle failures you expect.
 *
 * <p>The chain is typed: {@code addCallback} returns this Deferred typed for what its callback returns, so
 * {@code Deferred<Integer> n = Deferred.succeed("s").addCallback(s -> "str")} does not compile. A callback that
 * returns a Deferred is added with {@code addCallbackDeferred} (and {@code addErrbackDeferred},
 * {@code addBothDeferred}). Twisted's untyped forms, whose callbacks may return anything and whose result type the
 * caller names unchecked, remain for ported code as {@code addCallbackUntyped}, {@code addErrbackUntyped},
 * {@code addBothUntyped} and {@code addCallbacksUntyped}.
 *
 * @param <T> the type of the current result. Callbacks may change it as the result travels down the chain; each
 *     {@code add*} method returns this same Deferred typed for the result after it, so use the returned reference.
 */
public class Deferred<T> {
    private static final System.Logger LOG = System.getLogger("dev.twine.defer");

    /** Where unhandled failures of collected Deferreds go; package-private so tests can listen in. */
    static volatile Consumer<Failure> unhandledErrorSink =
            failure -> LOG.log(System.Logger.Level.ERROR, "Unhandled error in Deferred:", failure.value());

    private final Consumer<? super Deferred<T>> canceller;
    private final ArrayDeque<Link> callbacks = new ArrayDeque<>();
    private boolean called;
    /** The current result: a value, a {@link Failure}, or the Deferred this one waits on. */
    private Object result;
    private int paused;
    private boolean runningCallbacks;
    /** Set by {@link #cancel()} without a canceller, so the source's later fire is ignored, not an error. */
    private boolean suppressAlreadyCalled;
    /** The Deferred whose result this one waits for (shown by toString; also set by chainDeferred). */
    private Deferred<?> chainedTo;
    private UnhandledFailure unhandled;

    /** A Deferred that, when cancelled, simply fails with {@link CancelledError}. */
    public Deferred() {
        this(null);
    }

    /**
     * A Deferred whose {@link #cancel()} first runs {@code canceller}, which should stop the work and may fire
     * the Deferred itself; if it does not, the Deferred fails with {@link CancelledError}.
     */
    public Deferred(Consumer<? super Deferred<T>> canceller) {
        this.canceller = canceller;
    }

    /** A Deferred that already has {@code result}, for APIs that must return a Deferred but know the answer. */
    public static <T> Deferred<T> succeed(T result) {
        Deferred<T> d = new Deferred<>();
        d.callback(result);
        return d;
    }

    /** A Deferred that already failed with {@code error}. */
    public static <T> Deferred<T> fail(Throwable error) {
        return fail(new Failure(Objects.requireNonNull(error, "error")));
    }

    /** A Deferred that already failed with {@code failure}. */
    public static <T> Deferred<T> fail(Failure failure) {
        Deferred<T> d = new Deferred<>();
        d.errback(failure);
        return d;
    }

    /**
     * Calls {@code f} and gives its outcome as a Deferred whatever it was: a returned Deferred is returned as is, a
     * returned {@link Failure} or a throw gives a failed Deferred, any other value a fired one. Lets callers treat
     * synchronous and asynchronous functions alike.
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> maybeDeferred(Callable<?> f) {
        Object value;
        try {
            value = f.call();
        } catch (Throwable t) {
            return fail(t);
        }
        if (value instanceof Deferred<?> d) {
            return (Deferred<T>) d;
        }
        if (value instanceof Failure failure) {
            return fail(failure);
        }
        return succeed((T) value);
    }

    /**
     * Waits for all of {@code deferreds} and fires with their results in order, or fails with a {@link FirstError}
     * for the first one to fail. Cancelling the returned Deferred cancels those not yet fired.
     */
    public static <T> Deferred<List<T>> gatherResults(List<? extends Deferred<? extends T>> deferreds) {
        return gatherResults(deferreds, false);
    }

    /**
     * {@link #gatherResults(List)}; with {@code consumeErrors} the failures of the given Deferreds are handled here
     * rather than left on them (where they would be logged as unhandled).
     */
    public static <T> Deferred<List<T>> gatherResults(
            List<? extends Deferred<? extends T>> deferreds, boolean consumeErrors) {
        DeferredList<T> list = new DeferredList<>(deferreds, false, true, consumeErrors);
        return list.addCallback(outcomes -> outcomes.stream().map(DeferredList.Outcome::value).toList());
    }

    /**
     * A Deferred fired on the thread that completes {@code stage} (or at once, if it is complete): a failure of
     * the stage becomes a failure of the Deferred, unwrapped from {@link CompletionException}, and a cancelled stage
     * a {@link CancelledError}. Cancelling the Deferred cancels the stage if it is a {@link Future}. Use
     * {@link #fromCompletionStage(CompletionStage, Executor)} when the stage completes on another thread.
     */
    public static <T> Deferred<T> fromCompletionStage(CompletionStage<? extends T> stage) {
        return fromCompletionStage(stage, Runnable::run);
    }

    /**
     * {@link #fromCompletionStage(CompletionStage)}, firing the Deferred through {@code executor}: pass
     * {@code reactor::callFromThread} so it fires on the reactor thread whatever thread completes the stage.
     */
    public static <T> Deferred<T> fromCompletionStage(CompletionStage<? extends T> stage, Executor executor) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(executor, "executor");
        Deferred<T> d = new Deferred<>(self -> {
            if (stage instanceof Future<?> future) {
                try {
                    future.cancel(false);
                } catch (UnsupportedOperationException ignored) {
                    // A minimal stage cannot be cancelled; the Deferred still fails with CancelledError.
                }
            }
        });
        stage.whenComplete((value, error) -> executor.execute(() -> {
            if (d.called) {
                return; // cancelled before the stage completed
            }
            if (error == null) {
                d.callback(value);
            } else {
                d.errback(unwrapCompletion(error));
            }
        }));
        return d;
    }

    private static Throwable unwrapCompletion(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return new CancelledError("the CompletionStage was cancelled", t);
        }
        return t;
    }

    /**
     * A future that completes when this Deferred fires. Like Twisted's {@code asFuture}, the future takes over
     * the result: the chain carries {@code null} afterwards, and a failure counts as handled. Cancelling the
     * future cancels this Deferred, on the cancelling thread, so cancel it only from the Deferred's thread.
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled) {
                    Deferred.this.cancel();
                }
                return cancelled;
            }

            @Override
            public <U> CompletableFuture<U> newIncompleteFuture() {
                return new CompletableFuture<>();
            }
        };
        addCallbacks(value -> {
            future.complete(value);
            return null;
        }, failure -> {
            future.completeExceptionally(failure.value());
            return null;
        });
        return future;
    }

    /**
     * Fires the Deferred with a successful {@code result}, running the callbacks added so far.
     *
     * @throws AlreadyCalledError if it was fired before
     * @throws IllegalArgumentException if {@code result} is a Deferred: return it from a callback instead
     */
    public void callback(T result) {
        if (result instanceof Deferred) {
            throw new IllegalArgumentException(
                    "a Deferred cannot be fired with another Deferred; return it from a callback to chain it");
        }
        fire(result);
    }

    /**
     * Fires the Deferred with a failure, running the errbacks added so far.
     *
     * @throws AlreadyCalledError if it was fired before
     */
    public void errback(Throwable error) {
        errback(new Failure(Objects.requireNonNull(error, "error")));
    }

    /**
     * Fires the Deferred with {@code failure}, running the errbacks added so far.
     *
     * @throws AlreadyCalledError if it was fired before
     */
    public void errback(Failure failure) {
        fire(Objects.requireNonNull(failure, "failure"));
    }

    private void fire(Object value) {
        if (called) {
            if (suppressAlreadyCalled) {
                suppressAlreadyCalled = false;
                return;
            }
            throw new AlreadyCalledError("Deferred was already fired: " + this);
        }
        called = true;
        result = value;
        runCallbacks();
    }

    /** True once {@link #callback} or {@link #errback} was called, even if the chain is paused. */
    public boolean called() {
        return called;
    }

    /**
     * Asks whoever produces the result to stop. An unfired Deferred runs its canceller and, unless that fired it,
     * fails with {@link CancelledError}; without a canceller, the producer's later fire is then ignored. A Deferred
     * that fired but waits on a Deferred returned by a callback cancels that one instead. Otherwise nothing happens.
     */
    public void cancel() {
        // Walk down to the Deferred actually being waited on without recursing: such chains can be long.
        Deferred<?> target = this;
        while (target.called && target.result instanceof Deferred<?> inner && inner != target) {
            target = inner;
        }
        if (target != this) {
            target.cancel();
            return;
        }
        if (called) {
            return;
        }
        if (canceller != null) {
            canceller.accept(this);
        } else {
            suppressAlreadyCalled = true;
        }
        if (!called) {
            errback(new Failure(new CancelledError()));
        }
    }

    /** Holds the callbacks back, even once fired, until a matching {@link #unpause()}. */
    public void pause() {
        paused++;
    }

    /**
     * Undoes one {@link #pause()}; the last one runs any callbacks that were held back.
     *
     * @throws IllegalStateException if the Deferred is not paused
     */
    public void unpause() {
        if (paused <= 0) {
            throw new IllegalStateException("Deferred is not paused: " + this);
        }
        paused--;
        if (paused == 0 && called) {
            runCallbacks();
        }
    }

    /**
     * Adds a callback for a successful result; a failure passes it by. Runs at once if the Deferred has fired.
     * What the callback returns is the next result, typed {@code R}; it may also return a {@link Failure} to switch
     * the chain to the errback path. A callback that returns a Deferred goes through
     * {@link #addCallbackDeferred} instead: a Deferred returned here fails the chain with an
     * {@link IllegalStateException} saying so, rather than a later {@link ClassCastException}.
     *
     * @return this Deferred, typed for the callback's result
     */
    public <R> Deferred<R> addCallback(Callback<? super T, ? extends R> callback) {
        Objects.requireNonNull(callback, "callback");
        return add(new Link(erase(callback), null, null, false, false));
    }

    /**
     * Adds a callback that returns a Deferred: the chain waits for that Deferred and carries on with its result,
     * typed {@code R}. A {@code null} return carries on with {@code null}.
     *
     * @return this Deferred, typed for the result of the returned Deferred
     */
    public <R> Deferred<R> addCallbackDeferred(Callback<? super T, ? extends Deferred<? extends R>> callback) {
        Objects.requireNonNull(callback, "callback");
        return add(new Link(erase(callback), null, null, false, true));
    }

    /**
     * Adds an errback for a failure; a successful result passes it by. Returning a value recovers from the failure
     * with that value; throwing (for instance through {@link Failure#trap} or {@link Failure#raiseException}) passes
     * a failure on. An errback that returns a Deferred goes through {@link #addErrbackDeferred}.
     *
     * @return this Deferred
     */
    public Deferred<T> addErrback(Callback<? super Failure, ? extends T> errback) {
        Objects.requireNonNull(errback, "errback");
        return add(new Link(null, erase(errback), null, false, false));
    }

    /**
     * Adds an errback that returns a Deferred, for instance a retry: the chain waits for it and carries on with
     * its result or failure.
     *
     * @return this Deferred
     */
    public Deferred<T> addErrbackDeferred(Callback<? super Failure, ? extends Deferred<? extends T>> errback) {
        Objects.requireNonNull(errback, "errback");
        return add(new Link(null, erase(errback), null, false, true));
    }

    /**
     * Adds a function that sees whatever comes, a value or a {@link Failure}: the Java form of Twisted's
     * {@code addBoth}, for clean-up that must run either way. Its return value is the next result, typed
     * {@code R}; one that returns a Deferred goes through {@link #addBothDeferred}.
     *
     * @return this Deferred, typed for the function's result
     */
    public <R> Deferred<R> addBoth(Callback<Object, ? extends R> callback) {
        Objects.requireNonNull(callback, "callback");
        Callback<Object, ?> both = callback;
        return add(new Link(both, both, null, false, false));
    }

    /**
     * {@link #addBoth} for a function that returns a Deferred, such as the next step of a shutdown: the chain waits
     * for it and carries on with its result.
     *
     * @return this Deferred, typed for the result of the returned Deferred
     */
    public <R> Deferred<R> addBothDeferred(Callback<Object, ? extends Deferred<? extends R>> callback) {
        Objects.requireNonNull(callback, "callback");
        Callback<Object, ?> both = callback;
        return add(new Link(both, both, null, false, true));
    }

    /**
     * Adds a callback and an errback at the same level of the chain: exactly one of them runs, so the errback does
     * not see failures raised by this callback (unlike {@code addCallback(cb).addErrback(eb)}). Both return the
     * next result, typed {@code R}; neither may return a Deferred (see {@link #addCallback}).
     *
     * @return this Deferred, typed for the result after them
     */
    public <R> Deferred<R> addCallbacks(Callback<? super T, ? extends R> callback,
            Callback<? super Failure, ? extends R> errback) {
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(errback, "errback");
        return add(new Link(erase(callback), erase(errback), null, false, false));
    }

    /**
     * Twisted's untyped {@code addCallback}, for ported code: the callback may return a value, a {@link Failure}
     * or a Deferred (which the chain waits for), and the caller names the type {@code R} of what comes out,
     * unchecked. Prefer {@link #addCallback} or {@link #addCallbackDeferred}, which the compiler checks.
     *
     * @return this Deferred, typed as the caller says
     */
    public <R> Deferred<R> addCallbackUntyped(Callback<? super T, ?> callback) {
        Objects.requireNonNull(callback, "callback");
        return add(new Link(erase(callback), null, null, false, true));
    }

    /**
     * Twisted's untyped {@code addErrback}, for ported code: the errback may return any value, a {@link Failure}
     * (passing it on) or a Deferred, and the caller names the type {@code R}, unchecked.
     *
     * @return this Deferred, typed as the caller says
     */
    public <R> Deferred<R> addErrbackUntyped(Callback<? super Failure, ?> errback) {
        Objects.requireNonNull(errback, "errback");
        return add(new Link(null, erase(errback), null, false, true));
    }

    /**
     * Twisted's untyped {@code addBoth}, for ported code: the function may return a value, a {@link Failure} or a
     * Deferred, and the caller names the type {@code R}, unchecked.
     *
     * @return this Deferred, typed as the caller says
     */
    public <R> Deferred<R> addBothUntyped(Callback<Object, ?> callback) {
        Objects.requireNonNull(callback, "callback");
        return add(new Link(callback, callback, null, false, true));
    }

    /**
     * Twisted's untyped {@code addCallbacks}, for ported code: either function may return a value, a
     * {@link Failure} or a Deferred, and the caller names the type {@code R}, unchecked.
     *
     * @return this Deferred, typed as the caller says
     */
    public <R> Deferred<R> addCallbacksUntyped(Callback<? super T, ?> callback, Callback<? super Failure, ?> errback) {
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(errback, "errback");
        return add(new Link(erase(callback), erase(errback), null, false, true));
    }

    /**
     * Passes this Deferred's result, value or failure, on to {@code other}, which fires with it; this chain then
     * carries {@code null}, as the result now belongs to {@code other}. If {@code other} has already fired, this
     * chain fails with {@link AlreadyCalledError}. Long chains of chained Deferreds do not use up the stack.
     *
     * @return this Deferred
     */
    public <R> Deferred<R> chainDeferred(Deferred<? super T> other) {
        Objects.requireNonNull(other, "other");
        other.chainedTo = this;
        return add(new Link(null, null, other, false, false));
    }

    /**
     * Cancels this Deferred if it has not fired {@code seconds} from now on {@code clock} (a reactor, or any
     * {@link Scheduler}), and then turns the
     * resulting {@link CancelledError} into a {@link TimeoutError}. A result (or a canceller's own result) that
     * arrives in time passes through, and the timer is stopped.
     *
     * @return this Deferred
     */
    public Deferred<T> addTimeout(double seconds, Scheduler clock) {
        Objects.requireNonNull(clock, "clock");
        boolean[] timedOut = {false};
        ScheduledCall timer = clock.callLater(seconds, () -> {
            timedOut[0] = true;
            cancel();
        });
        addBoth(value -> {
            if (timedOut[0] && value instanceof Failure failure) {
                failure.trap(CancelledError.class);
                throw new TimeoutError("Deferred timed out after " + seconds + " seconds", failure.value());
            }
            return value;
        });
        addBoth(value -> {
            if (timer.active()) {
                timer.cancel();
            }
            return value;
        });
        return this;
    }

    /** {@link #addTimeout(double, Scheduler)} with a {@link Duration}. */
    public Deferred<T> addTimeout(Duration timeout, Scheduler clock) {
        Objects.requireNonNull(timeout, "timeout");
        // As interfaces.DurationSeconds does; defer does not depend on interfaces.
        return addTimeout(timeout.getSeconds() + timeout.getNano() / 1e9, clock);
    }

    @SuppressWarnings("unchecked")
    private static Callback<Object, ?> erase(Callback<?, ?> callback) {
        // The chain holds results as Object; the static types only serve the caller's lambdas.
        return (Callback<Object, ?>) callback;
    }

    @SuppressWarnings("unchecked")
    private <R> Deferred<R> add(Link link) {
        callbacks.add(link);
        if (called) {
            runCallbacks();
        }
        return (Deferred<R>) this;
    }

    /**
     * Runs as much of the chain as can run now. Deferreds that wait on another (via a returned Deferred or
     * chainDeferred) are kept on an explicit stack instead of recursing, as Twisted's {@code _runCallbacks} does.
     */
    private void runCallbacks() {
        if (runningCallbacks) {
            return; // the callback running now is inside our own loop, which will pick up what was added
        }
        ArrayDeque<Deferred<?>> chain = new ArrayDeque<>();
        chain.push(this);
        while (!chain.isEmpty()) {
            Deferred<?> current = chain.peek();
            if (current.paused > 0 || current.runningCallbacks) {
                // It will resume when unpaused (or from the loop already running it); go back to whoever fed it.
                chain.pop();
                continue;
            }
            boolean finished = true;
            current.chainedTo = null;
            while (!current.callbacks.isEmpty()) {
                Link link = current.callbacks.poll();
                if (link.target != null) {
                    if (link.continuation) {
                        // A Deferred returned by one of the target's callbacks fired: hand its result up.
                        Deferred<?> waiting = link.target;
                        waiting.result = current.result;
                        current.result = null;
                        current.clearUnhandled();
                        waiting.paused--;
                        chain.push(waiting);
                        finished = false;
                        break;
                    }
                    if (forward(current, link.target)) {
                        chain.push(link.target);
                        finished = false;
                        break;
                    }
                    continue;
                }
                Object input = current.result;
                Callback<Object, ?> fn = input instanceof Failure ? link.onFailure : link.onSuccess;
                if (fn == null) {
                    continue; // pass-through
                }
                Object output;
                current.runningCallbacks = true;
                try {
                    output = fn.call(input);
                } catch (Throwable t) {
                    output = input instanceof Failure failure && failure.value() == t ? failure : new Failure(t);
                } finally {
                    current.runningCallbacks = false;
                }
                if (output == current) {
                    output = new Failure(new IllegalStateException(
                            "a callback returned the Deferred it was added to, which would wait forever"));
                } else if (output instanceof Deferred<?> returned && !link.waitsOnReturnedDeferred) {
                    output = new Failure(returnedDeferredError(link, input, returned));
                }
                current.result = output;
                if (output instanceof Deferred<?> inner) {
                    if (!inner.called || inner.paused > 0 || inner.runningCallbacks
                            || inner.result instanceof Deferred) {
                        // Not ready: wait for it, and let it hand its result back through a continuation.
                        current.paused++;
                        current.chainedTo = inner;
                        inner.callbacks.add(new Link(null, null, current, true, false));
                        break;
                    }
                    // Already has a result: take it over.
                    current.result = inner.result;
                    inner.result = null;
                    inner.clearUnhandled();
                }
            }
            if (finished) {
                if (current.result instanceof Failure failure) {
                    current.trackUnhandled(failure);
                } else {
                    current.clearUnhandled();
                }
                chain.pop();
            }
        }
    }

    /**
     * Why a callback added with a value-typed method (addCallback, addErrback, addBoth, addCallbacks) may not
     * return a Deferred: its type says the next callback gets a Deferred, but the chain would hand on the Deferred's
     * result, and that callback would fail with a ClassCastException far from the cause.
     */
    private static IllegalStateException returnedDeferredError(Link link, Object input, Deferred<?> returned) {
        String added;
        String instead;
        if (link.onSuccess == link.onFailure) {
            added = "addBoth";
            instead = "addBothDeferred";
        } else if (input instanceof Failure) {
            added = link.onSuccess == null ? "addErrback" : "addCallbacks";
            instead = "addErrbackDeferred";
        } else {
            added = link.onFailure == null ? "addCallback" : "addCallbacks";
            instead = "addCallbackDeferred";
        }
        return new IllegalStateException("a function added with " + added + " returned " + returned + "; add one that "
                + "returns a Deferred with " + instead + " (or the untyped form), so the chain waits for it");
    }

    /**
     * Fires {@code target} with {@code current}'s result for chainDeferred. Returns true if the caller should now
     * run {@code target}'s callbacks; false if there is nothing (more) to run there.
     */
    private static boolean forward(Deferred<?> current, Deferred<?> target) {
        if (target.called) {
            if (target.suppressAlreadyCalled) {
                target.suppressAlreadyCalled = false;
                current.result = null;
            } else {
                current.result = new Failure(new AlreadyCalledError("Deferred was already fired: " + target));
            }
            return false;
        }
        target.called = true;
        target.result = current.result;
        current.result = null;
        current.clearUnhandled();
        return target.paused == 0;
    }

    private void trackUnhandled(Failure failure) {
        if (unhandled == null) {
            unhandled = new UnhandledFailure();
            Reaper.CLEANER.register(this, unhandled);
        }
        unhandled.failure = failure;
    }

    private void clearUnhandled() {
        if (unhandled != null) {
            unhandled.failure = null;
        }
    }

    /** {@code <Deferred at 0x.. current result: ..>}, or {@code waiting on} the Deferred it waits for. */
    @Override
    public String toString() {
        String name = getClass().getSimpleName().isEmpty() ? "Deferred" : getClass().getSimpleName();
        StringBuilder s = new StringBuilder("<").append(name).append(" at 0x").append(id(this));
        if (chainedTo != null) {
            s.append(" waiting on Deferred at 0x").append(id(chainedTo));
        } else if (called) {
            s.append(" current result: ").append(result instanceof String str ? "'" + str + "'" : result);
        }
        return s.append('>').toString();
    }

    private static String id(Object o) {
        return Integer.toHexString(System.identityHashCode(o));
    }

    /**
     * One level of the chain: a callback/errback pair (null meaning pass-through), or a link to another
     * Deferred — the one waiting for this one's result ({@code continuation}), or a chainDeferred target.
     * {@code waitsOnReturnedDeferred}: the pair was added by a Deferred-returning or untyped method, so a returned
     * Deferred is waited on; otherwise it is an error.
     */
    private record Link(Callback<Object, ?> onSuccess, Callback<Object, ?> onFailure, Deferred<?> target,
            boolean continuation, boolean waitsOnReturnedDeferred) {
    }

    /**
     * What the Cleaner keeps of a Deferred whose chain ended in failure. It must not refer to the Deferred, or the
     * Deferred would never become unreachable.
     */
    private static final class UnhandledFailure implements Runnable {
        volatile Failure failure;

        @Override
        public void run() {
            Failure f = failure;
            if (f != null) {
                failure = null;
                unhandledErrorSink.accept(f);
            }
        }
    }

    /** Holds the Cleaner so its thread starts only once some Deferred fails. */
    private static final class Reaper {
        static final Cleaner CLEANER = Cleaner.create();
    }
}
