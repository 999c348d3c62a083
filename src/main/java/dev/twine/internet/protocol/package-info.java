/**
 * The base classes users extend: {@link dev.twine.internet.protocol.Protocol}, the factories (including
 * {@link dev.twine.internet.protocol.ReconnectingClientFactory}), and the datagram and process protocol bases. Above
 * the transports in the layering but independent of them: it depends only on {@code interfaces}, {@code error},
 * {@code python} and the reactor's thread check ({@code host}). Corresponds to Twisted's
 * {@code twisted.internet.protocol}.
 */
package dev.twine.internet.protocol;
