package dev.twine.internet.interfaces;

/**
 * A protocol that wants to hear about each side of its connection closing separately: Twisted's
 * {@code IHalfCloseableProtocol}. Without it, the end of the peer's data closes the whole connection.
 */
public interface IHalfCloseableProtocol {
    /** The peer will send nothing more (it shut down its write side); this side may still write. */
    void readConnectionLost();

    /** This side's write side was shut down ({@code loseWriteConnection}). */
    void writeConnectionLost();
}
