package dev.twine.internet.tcp;

import dev.twine.internet.interfaces.IHalfCloseableProtocol;

/** A {@link RecordingProtocol} that wants each side of the connection's closing separately. */
class HalfCloseProtocol extends RecordingProtocol implements IHalfCloseableProtocol {
    int readLost;
    int writeLost;
    Runnable onReadLost = () -> { };

    @Override
    public void readConnectionLost() {
        readLost++;
        events.add("readConnectionLost");
        onReadLost.run();
    }

    @Override
    public void writeConnectionLost() {
        writeLost++;
        events.add("writeConnectionLost");
    }
}
