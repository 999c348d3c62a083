package dev.twine.internet.interfaces;

import dev.twine.python.Failure;

/** A factory for outgoing connections, told how each attempt went: Twisted's {@code ClientFactory} hooks. */
public interface IClientFactory extends IProtocolFactory {
    /** An attempt began. */
    void startedConnecting(IConnector connector);

    /** The attempt failed ({@code ConnectionRefusedError}, {@code TimeoutError}, {@code DNSLookupError}...). */
    void clientConnectionFailed(IConnector connector, Failure reason);

    /** An established connection ended. {@code connector.connect()} from here reconnects. */
    void clientConnectionLost(IConnector connector, Failure reason);
}
