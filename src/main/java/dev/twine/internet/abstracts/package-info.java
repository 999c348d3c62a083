/**
 * The base of every selectable: {@link dev.twine.internet.abstracts.FileDescriptor} with its write buffering, flow
 * control and half-close, and the socket plumbing the transports share (socket options, adopted descriptors, address
 * conversion). Part of the reactor core; it depends on the syscall layer ({@code internal.sys}), on the reactor's
 * seam ({@code host}, which owns the pool of write chunks) and on the API contracts ({@code interfaces},
 * {@code error}, {@code address}), never on a transport. Corresponds to Twisted's {@code twisted.internet.abstract}.
 * Not exported.
 */
package dev.twine.internet.abstracts;
