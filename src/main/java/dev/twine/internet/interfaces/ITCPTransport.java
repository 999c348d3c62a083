package dev.twine.internet.interfaces;

/**
 * A TCP connection's transport: Twisted's {@code ITCPTransport}. It is also a push producer of received data, and
 * its socket's options can be read and set ({@link IConfigurableSocket}; {@link #setTcpNoDelay} and
 * {@link #setTcpKeepAlive} are Twisted's names for two of them).
 */
public interface ITCPTransport extends ITransport, IPushProducer, IConfigurableSocket {
    /** Half-closes: shuts down the write side once the buffer has drained; reading goes on. */
    void loseWriteConnection();

    /** Closes at once, dropping buffered data; the protocol's reason is {@code ConnectionAborted}. */
    void abortConnection();

    boolean getTcpNoDelay();

    void setTcpNoDelay(boolean enabled);

    boolean getTcpKeepAlive();

    void setTcpKeepAlive(boolean enabled);
}
