/**
 * TLS as a protocol wrapper: {@link dev.twine.protocols.tls.TLSMemoryBIOProtocol} runs an
 * {@link javax.net.ssl.SSLEngine} over any stream transport, and {@link dev.twine.protocols.tls.SSLProvider} gives the
 * reactor {@code listenSSL}/{@code connectSSL}. Counted with the transports; it depends on the reactor core's seam
 * ({@code host}: the thread check, the write pacing) and the API contracts, and reaches TCP only through the reactor.
 * Corresponds to Twisted's {@code twisted.protocols.tls}.
 */
package dev.twine.protocols.tls;
