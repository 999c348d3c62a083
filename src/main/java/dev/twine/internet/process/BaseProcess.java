package dev.twine.internet.process;

import dev.twine.internal.sys.Pidfd;
import dev.twine.internal.sys.SafeLog;
import dev.twine.internet.error.ProcessDone;
import dev.twine.internet.error.ProcessExitedAlready;
import dev.twine.internet.error.ProcessTerminated;
import dev.twine.internet.host.TransportHost;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IProcessProtocol;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.internet.interfaces.IPushProducer;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.python.Failure;
import java.lang.System.Logger.Level;

/**
 * What pipe and pty children share: Twisted's {@code process._BaseProcess}. The child is reaped when its pidfd
 * says so ({@link #processReaped}): the protocol hears {@code processExited} then, and {@code processEnded} once
 * every descriptor to the child is closed as well. As a push producer (what the child writes), pausing stops
 * reading its output and stopping closes every descriptor, as for the other transports.
 */
abstract class BaseProcess implements IProcessTransport, IPushProducer {
    static final System.Logger LOG = System.getLogger("dev.twine.process");
    private static final IAddress ADDRESS = new IAddress() {
        @Override
        public String toString() {
            return "ProcessAddress";
        }
    };

    final IReactor reactor;
    /** The reactor as host of its transports: the thread check. */
    final TransportHost transportHost;
    IProcessProtocol proto;
    private final ProcessProvider provider;
    private int pid;
    private final int startedPid;
    private ExitWatcher watcher;
    private Integer status;

    BaseProcess(IReactor reactor, ProcessProvider provider, IProcessProtocol proto, int pid) {
        this.reactor = reactor;
        this.transportHost = TransportHost.of(reactor);
        this.provider = provider;
        this.proto = proto;
        this.pid = pid;
        this.startedPid = pid;
    }

    /** Starts watching {@code pidfd} and tells the protocol the process is there. */
    final void connect(int pidfd) {
        watcher = new ExitWatcher(reactor, this, pidfd);
        watcher.start();
        provider.started(reactor, this);
        try {
            proto.makeConnection(this);
        } catch (Throwable t) {
            SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in makeConnection of " + proto, t);
        }
    }

    @Override
    public final int pid() {
        return pid;
    }

    /** The pid the child had, also after it was reaped: for log lines and thread names. */
    final int pidForLog() {
        return startedPid;
    }

    /** Whether a descriptor to the child is still open. */
    abstract boolean descriptorsOpen();

    /** Closes every descriptor without telling the protocol: the reactor is closing. */
    abstract void abandonDescriptors();

    /** The child was reaped with wait status {@code status}. */
    final void processReaped(int status) {
        this.status = status;
        pid = -1;
        IProcessProtocol p = proto;
        if (p != null) {
            try {
                p.processExited(new Failure(reason(status)));
            } catch (Throwable t) {
                SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in processExited of " + p, t);
            }
        }
        maybeCallProcessEnded();
    }

    /** processEnded once the child is reaped and every descriptor closed, exactly once. */
    final void maybeCallProcessEnded() {
        if (status == null || descriptorsOpen() || proto == null) {
            return;
        }
        IProcessProtocol p = proto;
        proto = null;
        provider.ended(reactor, this);
        try {
            p.processEnded(new Failure(reason(status)));
        } catch (Throwable t) {
            SafeLog.log(LOG, Level.ERROR, () -> "Unhandled error in processEnded of " + p, t);
        }
    }

    /** ProcessDone for exit code 0, else ProcessTerminated with the code or the signal. */
    static RuntimeException reason(int status) {
        int signal = status & 0x7f;
        if (signal == 0) {
            int code = (status >> 8) & 0xff;
            return code == 0 ? new ProcessDone(status) : new ProcessTerminated(code, null, status);
        }
        return new ProcessTerminated(null, signal, status);
    }

    /** The reactor is closing with this child's record open: leave the child running, release everything. */
    final void abandon() {
        abandonDescriptors();
        if (watcher != null) {
            watcher.abandon();
        }
        proto = null;
    }

    @Override
    public final void signalProcess(String signal) {
        int number = Pidfd.signalNumber(signal);
        if (number < 0) {
            try {
                number = Integer.parseInt(signal);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown signal name: " + signal + " (use one of "
                        + Pidfd.signalNames() + " or a number)");
            }
        }
        signalProcess(number);
    }

    @Override
    public final void signalProcess(int signal) {
        transportHost.checkThread("signalProcess");
        if (signal < 0 || signal > 64) {
            throw new IllegalArgumentException("not a signal number: " + signal);
        }
        if (watcher == null || !watcher.signal(signal)) {
            throw new ProcessExitedAlready("process " + startedPid + " has exited already");
        }
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public IAddress getPeer() {
        return ADDRESS;
    }

    @Override
    public IAddress getHost() {
        return ADDRESS;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[pid=" + startedPid + (status != null ? ", status=" + status : "")
                + "]";
    }
}
