/**
 * UDP: datagram ports, connected and multicast, with batched receive and send, registered with the reactor through
 * {@link dev.twine.internet.udp.UDPProvider}. A transport; it depends on the reactor core ({@code abstracts}), the
 * syscall layer ({@code internal.sys}) and the API contracts, never on another transport or on a protocol.
 * Corresponds to Twisted's {@code twisted.internet.udp}. Not exported.
 */
package dev.twine.internet.udp;
