/**
 * Tiny protocols from the wire, such as {@link dev.twine.protocols.wire.Echo}. A protocol package; it depends only on
 * {@code internet.protocol} and {@code interfaces}. Corresponds to Twisted's {@code twisted.protocols.wire}.
 */
package dev.twine.protocols.wire;
