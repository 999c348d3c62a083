package dev.twine.internet.process;

import dev.twine.internal.sys.Pidfd;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.python.Failure;

/**
 * Watches a child through its pidfd, which the reactor polls like any reader: readable means the child exited, and
 * {@code waitid(P_PIDFD)} then reaps exactly that child. No SIGCHLD handler is involved, so the JDK's own process
 * reaper and this one never take each other's children.
 */
final class ExitWatcher implements IReadDescriptor {
    private final IReactor reactor;
    private final BaseProcess process;
    private int pidfd;

    ExitWatcher(IReactor reactor, BaseProcess process, int pidfd) {
        this.reactor = reactor;
        this.process = process;
        this.pidfd = pidfd;
    }

    void start() {
        reactor.addReader(this);
    }

    @Override
    public int fileno() {
        return pidfd;
    }

    /** Whether the child is still unreaped (its pidfd open). */
    boolean watching() {
        return pidfd >= 0;
    }

    @Override
    public Throwable doRead() {
        int status = Pidfd.reap(pidfd);
        if (status != Pidfd.RUNNING) {
            reaped(status);
        }
        return null;
    }

    private void reaped(int status) {
        reactor.removeReader(this);
        closePidfd();
        process.processReaped(status);
    }

    private void closePidfd() {
        int fd = pidfd;
        pidfd = -1;
        try {
            Syscalls.close(fd);
        } catch (ErrnoException ignored) {
            // released even then
        }
    }

    /** A hang-up on the pidfd: the child is gone; reap it if that has not happened. */
    @Override
    public void connectionLost(Failure reason) {
        if (pidfd >= 0) {
            int status = Pidfd.reap(pidfd);
            if (status != Pidfd.RUNNING) {
                reaped(status);
            }
        }
    }

    /** Sends {@code signal} through the pidfd; false if the child has exited. */
    boolean signal(int signal) {
        return pidfd >= 0 && Pidfd.sendSignal(pidfd, signal);
    }

    /**
     * The reactor is closing with the child alive: stop watching here and let a daemon thread wait for the child,
     * reap it and close the pidfd, so the child is never left a zombie and the descriptor goes once it exits.
     */
    void abandon() {
        if (pidfd < 0) {
            return;
        }
        try {
            reactor.removeReader(this);
        } catch (RuntimeException ignored) {
            // the reactor's registrations go with its epoll descriptor anyway
        }
        int fd = pidfd;
        pidfd = -1;
        Thread.ofPlatform().daemon().name("twine-reaper-" + process.pidForLog()).start(() -> {
            try {
                Pidfd.reapBlocking(fd);
            } finally {
                Syscalls.close(fd);
            }
        });
    }

    @Override
    public String logPrefix() {
        return "ExitWatcher(" + process.pidForLog() + ")";
    }
}
