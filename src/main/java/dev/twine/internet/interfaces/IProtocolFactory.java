package dev.twine.internet.interfaces;

/** Makes a protocol for each connection: Twisted's {@code IProtocolFactory}. */
public interface IProtocolFactory {
    /** A protocol for a connection with {@code addr}, or null to refuse the connection. */
    IProtocol buildProtocol(IAddress addr);

    /** A port or connector starts using this factory (counted: {@code startFactory} runs on the first). */
    void doStart();

    /** A port or connector stops using this factory ({@code stopFactory} runs when none is left). */
    void doStop();
}
