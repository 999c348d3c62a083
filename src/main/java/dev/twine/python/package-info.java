/**
 * Twine's counterparts of the general-purpose parts of {@code twisted.python}:
 * {@link dev.twine.python.Failure} (an exception with its context, what errbacks receive) and
 * {@link dev.twine.python.ThreadPool}. An API contract used by every layer; it depends on no other Twine package,
 * and never loads the syscall layer. Corresponds to Twisted's {@code twisted.python.failure} and
 * {@code twisted.python.threadpool}.
 */
package dev.twine.python;
