/**
 * UNIX-domain sockets: stream connections and ports (reusing the TCP transport's stream machinery), datagram
 * sockets, descriptor passing with {@code SCM_RIGHTS}, and the socket-file and lock-file handling, registered through
 * {@link dev.twine.internet.unix.UNIXProvider}. A transport; it depends on {@code tcp}, the reactor core
 * ({@code abstracts}), the syscall layer ({@code internal.sys}) and the API contracts. Corresponds to Twisted's
 * {@code twisted.internet.unix}. Not exported.
 */
package dev.twine.internet.unix;
