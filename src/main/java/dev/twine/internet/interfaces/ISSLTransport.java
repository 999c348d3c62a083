package dev.twine.internet.interfaces;

import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * The transport of a protocol running over TLS: Twisted's {@code ISSLTransport}. Until the handshake completes
 * (see {@link IHandshakeListener}) nothing is negotiated yet and the getters answer null or an empty list.
 */
public interface ISSLTransport extends ITCPTransport {
    /** The peer's certificate, or null (a client that sent none, or before the handshake). */
    Certificate getPeerCertificate();

    /** The peer's certificate chain, its own certificate first; empty when there is none. */
    List<Certificate> getPeerCertificates();

    /** The protocol version negotiated, such as {@code "TLSv1.3"}, or null. */
    String getProtocolVersion();

    /** The cipher suite negotiated, such as {@code "TLS_AES_128_GCM_SHA256"}, or null. */
    String getCipherSuite();

    /** The application protocol chosen by ALPN, or null when none was (or before the handshake). */
    String getNegotiatedProtocol();

    /** The TLS session, or null before the handshake: for anything the getters above do not tell. */
    SSLSession getSession();
}
