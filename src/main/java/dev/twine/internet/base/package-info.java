/**
 * The platform-independent half of the reactor: {@link dev.twine.internet.base.ReactorBase} with its timed calls,
 * system event triggers, calls from other threads, thread pool, signal handling and name resolvers. Part of the
 * reactor core; it depends on the syscall layer ({@code internal.sys}) and on the API contracts ({@code interfaces},
 * {@code error}, {@code defer}, {@code python}), never on a transport or on a concrete reactor. Corresponds to
 * Twisted's {@code twisted.internet.base}.
 */
package dev.twine.internet.base;
