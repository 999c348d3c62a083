/**
 * Deferred results: {@link dev.twine.internet.defer.Deferred}, its callback chain, and
 * {@link dev.twine.internet.defer.DeferredList} for waiting on several. An API contract with no I/O of its own; it
 * depends only on {@code scheduling}, {@code error} and {@code python}, never on {@code interfaces} (which sits above
 * it). Corresponds to Twisted's {@code twisted.internet.defer}.
 */
package dev.twine.internet.defer;
