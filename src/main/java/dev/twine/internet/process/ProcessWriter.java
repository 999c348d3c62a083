package dev.twine.internet.process;

import dev.twine.internet.error.ConnectionDone;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;

/**
 * The parent's end of a pipe the child reads (a "w" childFD): Twisted's {@code process.ProcessWriter}, on the
 * shared write path of {@link FileDescriptor}. It is also registered for reading, only to hear of the child closing
 * its end: epoll reports that as an error event on the write end.
 */
final class ProcessWriter extends PipeDescriptor {
    private final Process process;
    private final int childFD;

    ProcessWriter(IReactor reactor, Process process, int fd, int childFD) {
        super(reactor, fd);
        this.process = process;
        this.childFD = childFD;
    }

    /** A write pipe is "readable" only when the child closed its end. */
    @Override
    public Throwable doRead() {
        return new ConnectionDone("child closed fd " + childFD);
    }

    /** Pausing what the child reads from us makes no sense; the read registration only detects the close. */
    @Override
    public void pauseProducing() {
    }

    @Override
    public void resumeProducing() {
    }

    @Override
    public void connectionLost(Failure reason) {
        if (disconnected) {
            return;
        }
        super.connectionLost(reason);
        closeFd();
        process.childConnectionLost(childFD, reason);
    }

    @Override
    public String logPrefix() {
        return "ProcessWriter(" + process.pidForLog() + ", fd " + childFD + ")";
    }
}
