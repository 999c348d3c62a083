package dev.twine.internet.defer;

/**
 * A callback or errback on a {@link Deferred}. It may throw anything: the throwable becomes the {@link
 * dev.twine.python.Failure} the next errback sees, which is how Twisted's chains turn exceptions into results.
 *
 * @param <A> what the callback receives: the previous result, or a {@code Failure} for an errback
 * @param <R> what it returns: the next result, a {@code Failure} to switch to the errback path, or a
 *     {@link Deferred} whose eventual result the chain waits for
 */
@FunctionalInterface
public interface Callback<A, R> {
    /** Handles {@code arg} and returns the result that goes on down the chain. */
    R call(A arg) throws Exception;
}
