package dev.twine.internet.protocol;

import dev.twine.internet.interfaces.IHalfCloseableProtocol;

/**
 * A {@link Protocol} that hears about each direction of the connection closing separately, with both new callbacks
 * doing nothing by default.
 *
 * <p>Implementing {@link IHalfCloseableProtocol} changes what the transport does when the peer stops sending: instead
 * of closing the whole connection, it calls {@link #readConnectionLost()} and keeps the write side open, so the
 * protocol can still send a reply (what a server needs for a client that shuts down its write side after the
 * request). The price is that closing is now the protocol's job: once it has nothing more to say it must call
 * {@code transport.loseConnection()}, or the connection stays half-open for good.
 */
public class HalfCloseableProtocol extends Protocol implements IHalfCloseableProtocol {
    /** A protocol not yet built by a factory nor connected. */
    public HalfCloseableProtocol() {
    }

    /** Does nothing: the peer will send no more; writing still works. Remember to close when done (see above). */
    @Override
    public void readConnectionLost() {
    }

    /** Does nothing: this side's write direction is shut down ({@code loseWriteConnection} completed). */
    @Override
    public void writeConnectionLost() {
    }
}
