package dev.twine.internet.process;

import dev.twine.internal.sys.Pidfd;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.interfaces.IProcessProtocol;
import dev.twine.internet.interfaces.IProcessProvider;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.SpawnOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Child processes for the reactor, found as a service ({@code provides IProcessProvider with ProcessProvider}) so
 * the reactor core never imports the transports. It remembers each reactor's live children, to release them when
 * the reactor closes.
 */
public final class ProcessProvider implements IProcessProvider {
    private final Map<IReactor, Set<BaseProcess>> live = new WeakHashMap<>();

    /** For {@link java.util.ServiceLoader}. */
    public ProcessProvider() {
    }

    /** Whether this kernel has pidfd_open: probed once, before the first child exists. */
    private static final class PidfdSupport {
        static final UnsupportedOperationException MISSING = probe();

        private static UnsupportedOperationException probe() {
            try {
                Syscalls.close(Pidfd.open(Syscalls.getpid()));
                return null;
            } catch (UnsupportedOperationException e) {
                return e;
            }
        }
    }

    @Override
    public IProcessTransport spawnProcess(IReactor reactor, IProcessProtocol protocol, String executable,
            List<String> args, SpawnOptions options) {
        Objects.requireNonNull(protocol, "processProtocol");
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(options, "options");
        if (PidfdSupport.MISSING != null) {
            throw new UnsupportedOperationException(PidfdSupport.MISSING.getMessage());
        }
        Spawner.Child child = Spawner.spawn(executable, List.copyOf(args), options);
        int pidfd;
        try {
            pidfd = Spawner.pidfd(child.pid());
        } catch (RuntimeException e) {
            child.parentEnds().values().forEach(end -> Syscalls.close(end[0]));
            if (child.ptyMaster() >= 0) {
                Syscalls.close(child.ptyMaster());
            }
            throw e;
        }
        if (child.ptyMaster() >= 0) {
            PtyProcess process = new PtyProcess(reactor, this, protocol, child.pid(), child.ptyMaster());
            process.startMaster();
            process.connect(pidfd);
            return process;
        }
        Process process = new Process(reactor, this, protocol, child.pid());
        child.parentEnds().forEach((childFD, end) -> process.addPipe(childFD, end[0], end[1] == 1));
        process.startPipes();
        process.connect(pidfd);
        return process;
    }

    void started(IReactor reactor, BaseProcess process) {
        synchronized (live) {
            live.computeIfAbsent(reactor, r -> new LinkedHashSet<>()).add(process);
        }
    }

    void ended(IReactor reactor, BaseProcess process) {
        synchronized (live) {
            Set<BaseProcess> set = live.get(reactor);
            if (set != null) {
                set.remove(process);
            }
        }
    }

    @Override
    public void reactorClosing(IReactor reactor) {
        List<BaseProcess> processes;
        synchronized (live) {
            Set<BaseProcess> set = live.remove(reactor);
            processes = set == null ? List.of() : new ArrayList<>(set);
        }
        for (BaseProcess process : processes) {
            process.abandon();
        }
    }
}
