/**
 * TCP: the connection transport, listening ports and connectors, registered with the reactor through
 * {@link dev.twine.internet.tcp.TCPProvider}. A transport; it depends on the reactor core ({@code abstracts}), the
 * syscall layer ({@code internal.sys}) and the API contracts, never on another transport or on a protocol.
 * Corresponds to Twisted's {@code twisted.internet.tcp}. Not exported.
 */
package dev.twine.internet.tcp;
