/**
 * TLS configuration: the client and server context factories that build {@link javax.net.ssl.SSLEngine}s with
 * Twine's defaults, engine options, and PEM loading. Configuration only, no I/O; it depends only on
 * {@code interfaces}, and the TLS transport in {@code protocols.tls} consumes what it builds. Corresponds to Twisted's
 * {@code twisted.internet.ssl}.
 */
package dev.twine.internet.ssl;
