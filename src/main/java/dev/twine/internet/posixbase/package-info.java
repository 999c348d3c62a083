/**
 * The POSIX half of the reactor: {@link dev.twine.internet.posixbase.PosixReactorBase}, which connects the
 * {@code listenTCP}/{@code connectTCP}-style methods to the transport providers, the eventfd waker, and continuous
 * polling for descriptors epoll cannot watch. Part of the reactor core; it depends on {@code base}, the syscall layer
 * ({@code internal.sys}) and the API contracts, never on a transport directly. Corresponds to Twisted's
 * {@code twisted.internet.posixbase}.
 */
package dev.twine.internet.posixbase;
