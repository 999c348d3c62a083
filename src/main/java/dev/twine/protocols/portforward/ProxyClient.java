package dev.twine.protocols.portforward;

/** The side that connected to the target: Twisted's {@code portforward.ProxyClient}. */
public class ProxyClient extends Proxy {
    @Override
    public void connectionMade() {
        peer().setPeer(this);
        // Each side pauses the other when its own write buffer fills.
        tcp().registerProducer(peer().tcp(), true);
        peer().tcp().registerProducer(tcp(), true);
        // The server side held its reading until the target was reached.
        peer().tcp().resumeProducing();
    }
}
