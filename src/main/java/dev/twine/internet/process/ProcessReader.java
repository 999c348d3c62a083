package dev.twine.internet.process;

import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.error.ConnectionLost;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.python.Failure;
import java.util.Arrays;

/** The parent's end of a pipe the child writes (a "r" childFD): Twisted's {@code process.ProcessReader}. */
final class ProcessReader implements IReadDescriptor {
    private final IReactor reactor;
    private final Process process;
    private final int childFD;
    private final byte[] buffer;
    private int fd;
    private boolean reading;
    private boolean disconnecting;

    ProcessReader(IReactor reactor, Process process, int fd, int childFD) {
        this.reactor = reactor;
        this.process = process;
        this.fd = fd;
        this.childFD = childFD;
        this.buffer = TransportHost.of(reactor).buffers().readBuffer();
    }

    @Override
    public int fileno() {
        return fd;
    }

    void startReading() {
        if (!reading && fd >= 0 && !disconnecting) {
            reading = true;
            reactor.addReader(this);
        }
    }

    void stopReading() {
        if (reading) {
            reading = false;
            reactor.removeReader(this);
        }
    }

    /** One read per readiness event, as the other transports do. */
    @Override
    public Throwable doRead() {
        int n;
        try {
            n = Syscalls.read(fd, buffer, 0, buffer.length);
        } catch (ErrnoException e) {
            return new ConnectionLost("read from child fd " + childFD + " failed: " + e.getMessage(), e);
        }
        if (n == 0) {
            return new ConnectionDone("child fd " + childFD + " closed");
        }
        if (n > 0) {
            process.childDataReceived(childFD, Arrays.copyOf(buffer, n));
        }
        return null;
    }

    /** Stops reading now and closes at the next pass, as Twisted does. */
    void loseConnection() {
        if (fd >= 0 && !disconnecting) {
            disconnecting = true;
            stopReading();
            reactor.callLater(0, () -> connectionLost(new Failure(new ConnectionDone("child fd " + childFD
                    + " closed by the parent"))));
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        if (fd < 0) {
            return;
        }
        reading = false;
        closeFd();
        process.childConnectionLost(childFD, reason);
    }

    /** Closes the descriptor without telling anyone: the reactor is closing. */
    void abandon() {
        stopReadingQuietly();
        closeFd();
    }

    private void stopReadingQuietly() {
        try {
            stopReading();
        } catch (RuntimeException ignored) {
            // the reactor's registrations go with its epoll descriptor anyway
        }
    }

    private void closeFd() {
        int s = fd;
        if (s < 0) {
            return;
        }
        fd = -1;
        try {
            Syscalls.close(s);
        } catch (ErrnoException ignored) {
            // released even then
        }
    }

    @Override
    public String logPrefix() {
        return "ProcessReader(" + process.pidForLog() + ", fd " + childFD + ")";
    }
}
