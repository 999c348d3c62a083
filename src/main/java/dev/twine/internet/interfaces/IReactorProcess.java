package dev.twine.internet.interfaces;

import java.util.List;
import java.util.Map;

/** Child processes: Twisted's {@code IReactorProcess}. Linux 5.3+ (pidfd) and glibc 2.34+ (posix_spawn). */
public interface IReactorProcess {
    /**
     * Starts {@code executable} with {@code args} ({@code args.get(0)} is the child's argv[0]), an empty
     * environment, the parent's working directory and {@code {0: "w", 1: "r", 2: "r"}}.
     */
    default IProcessTransport spawnProcess(IProcessProtocol protocol, String executable, List<String> args) {
        return spawnProcess(protocol, executable, args, SpawnOptions.defaults());
    }

    /**
     * Twisted's full signature. {@code env} is the child's whole environment; null passes the parent's on, as
     * Twisted's {@code env=None} does on POSIX (Twisted's default, an empty dict, is {@link SpawnOptions}' default
     * too); {@code path} null keeps the working directory; {@code uid}/{@code gid} null keep the parent's;
     * {@code childFDs} in Twisted's form ({@code "r"}, {@code "w"} or an {@link Integer} descriptor number, see
     * {@link SpawnOptions#childFDsUntyped(Map)}), null for the default.
     *
     * @throws IllegalArgumentException for a {@code childFDs} value that is none of those, naming the entry
     */
    default IProcessTransport spawnProcess(IProcessProtocol protocol, String executable, List<String> args,
            Map<String, String> env, String path, Integer uid, Integer gid, boolean usePTY,
            Map<Integer, ?> childFDs) {
        SpawnOptions options = SpawnOptions.defaults().path(path).usePTY(usePTY);
        if (env != null) {
            options.env(env);
        } else {
            options.inheritEnv();
        }
        if (uid != null) {
            options.uid(uid);
        }
        if (gid != null) {
            options.gid(gid);
        }
        if (childFDs != null) {
            options.childFDsUntyped(childFDs);
        }
        return spawnProcess(protocol, executable, args, options);
    }

    /**
     * Starts {@code executable} as {@code options} say and connects {@code protocol} to it. An executable without
     * a "/" is looked up in the child's {@code PATH} (or {@code /bin:/usr/bin} without one), as Twisted does.
     *
     * @throws dev.twine.internet.error.ErrnoException naming the executable when it cannot be run (ENOENT, EACCES,
     *         ENOEXEC...), before anything is started and with nothing left open
     * @throws IllegalArgumentException for a working directory that does not exist or a bad {@code childFDs} entry
     * @throws dev.twine.internet.error.ProcessSpawnError when uid/gid cannot be applied (not permitted, no setpriv)
     * @throws UnsupportedOperationException on a kernel without pidfd_open (older than 5.3)
     */
    IProcessTransport spawnProcess(IProcessProtocol protocol, String executable, List<String> args,
            SpawnOptions options);
}
