package dev.twine.internet.defer;

import dev.twine.python.Failure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects the outcomes of several Deferreds into one: Twisted's {@code DeferredList}. By default it fires, once
 * every Deferred has fired, with one {@link Outcome} per Deferred, in the order given, never failing.
 *
 * <p>With {@code fireOnOneCallback} it fires as soon as one Deferred succeeds, with a one-element list holding
 * that Deferred's outcome (Twisted fires with a {@code (result, index)} pair; here the index is in the outcome).
 * With {@code fireOnOneErrback} it fails as soon as one Deferred fails, with a {@link FirstError}. With
 * {@code consumeErrors} the failures are handled here, so the given Deferreds do not log them as unhandled.
 * Cancelling an unfired DeferredList cancels every Deferred in it.
 *
 * @param <T> the type of the collected Deferreds' results
 */
public class DeferredList<T> extends Deferred<List<DeferredList.Outcome<T>>> {
    private static final System.Logger LOG = System.getLogger("dev.twine.defer");

    /**
     * How one Deferred of the list fired: Twisted's {@code (success, result)} pair, with the value and the failure
     * apart so each is typed.
     *
     * @param success true if the Deferred fired with a value
     * @param value the value, or {@code null} on failure
     * @param failure the failure, or {@code null} on success
     * @param index the position of the Deferred in the list
     * @param <T> the type of the value
     */
    public record Outcome<T>(boolean success, T value, Failure failure, int index) {
        /** The value or the failure, as Twisted's pair holds it. */
        public Object result() {
            return success ? value : failure;
        }
    }

    private final List<Deferred<? extends T>> deferreds;
    private final List<Outcome<T>> outcomes;
    private final boolean fireOnOneCallback;
    private final boolean fireOnOneErrback;
    private final boolean consumeErrors;
    private int finishedCount;

    /** Waits for all of {@code deferreds}; their failures are recorded but not consumed. */
    public DeferredList(List<? extends Deferred<? extends T>> deferreds) {
        this(deferreds, false, false, false);
    }

    /** A DeferredList with Twisted's options; see the class description. */
    public DeferredList(List<? extends Deferred<? extends T>> deferreds, boolean fireOnOneCallback,
            boolean fireOnOneErrback, boolean consumeErrors) {
        this.deferreds = List.copyOf(deferreds);
        this.outcomes = new ArrayList<>(Collections.nCopies(this.deferreds.size(), null));
        this.fireOnOneCallback = fireOnOneCallback;
        this.fireOnOneErrback = fireOnOneErrback;
        this.consumeErrors = consumeErrors;
        if (this.deferreds.isEmpty() && !fireOnOneCallback) {
            callback(List.of());
        }
        for (int i = 0; i < this.deferreds.size(); i++) {
            int index = i;
            this.deferreds.get(i).addCallbacks(
                    value -> onFired(index, true, value),
                    failure -> onFired(index, false, failure));
        }
    }

    @SuppressWarnings("unchecked")
    private Object onFired(int index, boolean success, Object result) {
        Outcome<T> outcome = success
                ? new Outcome<>(true, (T) result, null, index)
                : new Outcome<>(false, null, (Failure) result, index);
        outcomes.set(index, outcome);
        finishedCount++;
        if (!called()) {
            if (success && fireOnOneCallback) {
                callback(List.of(outcome));
            } else if (!success && fireOnOneErrback) {
                errback(new FirstError((Failure) result, index));
            } else if (finishedCount == outcomes.size()) {
                callback(Collections.unmodifiableList(new ArrayList<>(outcomes)));
            }
        }
        return !success && consumeErrors ? null : result;
    }

    /** Cancels every Deferred of the list while the list has not fired; afterwards, as {@link Deferred#cancel()}. */
    @Override
    public void cancel() {
        if (called()) {
            super.cancel();
            return;
        }
        for (Deferred<? extends T> d : deferreds) {
            try {
                d.cancel();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Exception raised from user supplied canceller", e);
            }
        }
    }
}
