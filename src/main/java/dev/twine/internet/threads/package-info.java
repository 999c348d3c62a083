/**
 * Moving work between the reactor thread and other threads: running a call on the thread pool and getting a
 * {@link dev.twine.internet.defer.Deferred} for its result, or blocking a non-reactor thread on a call made in the
 * reactor. It depends only on {@code interfaces}, {@code defer}, {@code error} and {@code python}. Corresponds to
 * Twisted's {@code twisted.internet.threads}.
 */
package dev.twine.internet.threads;
