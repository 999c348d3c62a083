/**
 * The reactor users run: {@link dev.twine.internet.epollreactor.EPollReactor}, which waits on one epoll instance and
 * dispatches readiness to the registered descriptors. The top of the reactor core; it depends on
 * {@code posixbase}, the syscall layer ({@code internal.sys}) and {@code interfaces}, and finds the transports through
 * their providers ({@link java.util.ServiceLoader}), never by importing them. Corresponds to Twisted's
 * {@code twisted.internet.epollreactor}.
 */
package dev.twine.internet.epollreactor;
