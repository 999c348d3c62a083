package dev.twine.internet.process;

import dev.twine.internal.sys.SafeLog;
import dev.twine.internet.interfaces.IProcessProtocol;
import dev.twine.internet.interfaces.IProducer;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A child connected through pipes, one per "r" or "w" childFD: Twisted's {@code process.Process}. Writes to a
 * "w" pipe take the stream transports' write path (queue, gathered writes, producers); stdin is fd 0.
 */
final class Process extends BaseProcess {
    /** Child fd to its open pipe: a {@link ProcessReader} or a {@link ProcessWriter}. */
    private final Map<Integer, Object> pipes = new TreeMap<>();

    Process(IReactor reactor, ProcessProvider provider, IProcessProtocol proto, int pid) {
        super(reactor, provider, proto, pid);
    }

    /** Adds the parent's end {@code fd} of the pipe for {@code childFD}; {@code "r"} or {@code "w"}. */
    void addPipe(int childFD, int fd, boolean parentReads) {
        if (parentReads) {
            pipes.put(childFD, new ProcessReader(reactor, this, fd, childFD));
        } else {
            pipes.put(childFD, new ProcessWriter(reactor, this, fd, childFD));
        }
    }

    void startPipes() {
        for (Object pipe : pipes.values()) {
            if (pipe instanceof ProcessReader r) {
                r.startReading();
            } else {
                ((ProcessWriter) pipe).start();
            }
        }
    }

    void childDataReceived(int childFD, byte[] data) {
        IProcessProtocol p = proto;
        if (p != null) {
            p.childDataReceived(childFD, data);
        }
    }

    void childConnectionLost(int childFD, Failure reason) {
        pipes.remove(childFD);
        IProcessProtocol p = proto;
        if (p != null) {
            try {
                p.childConnectionLost(childFD);
            } catch (Throwable t) {
                SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in childConnectionLost of " + p, t);
            }
        }
        maybeCallProcessEnded();
    }

    @Override
    boolean descriptorsOpen() {
        return !pipes.isEmpty();
    }

    @Override
    void abandonDescriptors() {
        for (Object pipe : new ArrayList<>(pipes.values())) {
            if (pipe instanceof ProcessReader r) {
                r.abandon();
            } else {
                ((ProcessWriter) pipe).abandon();
            }
        }
        pipes.clear();
    }

    private ProcessWriter writer(int childFD) {
        Object pipe = pipes.get(childFD);
        if (pipe instanceof ProcessWriter w) {
            return w;
        }
        if (pipe == null) {
            throw new IllegalArgumentException("child fd " + childFD + " has no open \"w\" pipe");
        }
        throw new IllegalArgumentException("child fd " + childFD + " is a \"r\" pipe: the child writes it");
    }

    @Override
    public void writeToChild(int childFD, byte[] data) {
        transportHost.checkThread("writeToChild");
        writer(childFD).write(data);
    }

    @Override
    public void write(byte[] data) {
        transportHost.checkThread("write");
        if (pipes.get(0) instanceof ProcessWriter w) {
            w.write(data);
        }
    }

    @Override
    public void write(ByteBuffer data) {
        transportHost.checkThread("write");
        if (pipes.get(0) instanceof ProcessWriter w) {
            w.write(data);
        }
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        transportHost.checkThread("writeSequence");
        if (pipes.get(0) instanceof ProcessWriter w) {
            w.writeSequence(data);
        }
    }

    @Override
    public void closeChildFD(int childFD) {
        transportHost.checkThread("closeChildFD");
        Object pipe = pipes.get(childFD);
        if (pipe instanceof ProcessReader r) {
            r.loseConnection();
        } else if (pipe instanceof ProcessWriter w) {
            w.loseConnection();
        }
    }

    @Override
    public void closeStdin() {
        closeChildFD(0);
    }

    @Override
    public void closeStdout() {
        closeChildFD(1);
    }

    @Override
    public void closeStderr() {
        closeChildFD(2);
    }

    @Override
    public void loseConnection() {
        transportHost.checkThread("loseConnection");
        closeStdin();
        closeStderr();
        closeStdout();
    }

    /** Registers {@code producer} with stdin's pipe; without one it is stopped at once. */
    @Override
    public void registerProducer(IProducer producer, boolean streaming) {
        transportHost.checkThread("registerProducer");
        if (pipes.get(0) instanceof ProcessWriter w) {
            w.registerProducer(producer, streaming);
        } else {
            producer.stopProducing();
        }
    }

    @Override
    public void unregisterProducer() {
        transportHost.checkThread("unregisterProducer");
        if (pipes.get(0) instanceof ProcessWriter w) {
            w.unregisterProducer();
        }
    }

    /** Stops reading every "r" pipe until {@link #resumeProducing()}. */
    @Override
    public void pauseProducing() {
        transportHost.checkThread("pauseProducing");
        for (Object pipe : pipes.values()) {
            if (pipe instanceof ProcessReader r) {
                r.stopReading();
            }
        }
    }

    @Override
    public void resumeProducing() {
        transportHost.checkThread("resumeProducing");
        for (Object pipe : pipes.values()) {
            if (pipe instanceof ProcessReader r) {
                r.startReading();
            }
        }
    }

    @Override
    public void setWindowSize(int rows, int columns) {
        throw new IllegalStateException("process " + pidForLog() + " has no pty (spawn it with usePTY)");
    }
}
