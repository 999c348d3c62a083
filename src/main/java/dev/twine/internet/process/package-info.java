/**
 * Child processes: spawning (posix_spawn, with pidfds to watch for exit), the pipe and pty transports to the child's
 * descriptors, and reaping. A transport; it depends on the reactor core ({@code abstracts}), the syscall layer
 * ({@code internal.sys}) and the API contracts, and reaches the reactor only through
 * {@link dev.twine.internet.interfaces.IProcessProvider}. Corresponds to Twisted's
 * {@code twisted.internet.process}. Not exported.
 */
package dev.twine.internet.process;
