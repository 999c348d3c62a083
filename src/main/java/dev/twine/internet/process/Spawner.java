package dev.twine.internet.process;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.Pidfd;
import dev.twine.internal.sys.Pty;
import dev.twine.internal.sys.Spawn;
import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.error.ProcessSpawnError;
import dev.twine.internet.interfaces.ChildFD;
import dev.twine.internet.interfaces.SpawnOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code spawnProcess}'s arguments into one {@code posix_spawn}: the executable found, the uid/gid
 * trampoline, the pipes or the pty, and the file actions that give the child exactly its childFDs.
 */
final class Spawner {
    /** The helper that drops to another uid/gid between posix_spawn and the real program (util-linux). */
    static final String SETPRIV = "/usr/bin/setpriv";
    /** Python's {@code os.defpath}, which Twisted searches when the child's environment has no PATH. */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";

    private Spawner() {
    }

    /** What a spawn produced: the pid and the parent's ends, child fd to {fd, 1 if the parent reads}. */
    record Child(int pid, Map<Integer, int[]> parentEnds, int ptyMaster) {
    }

    static Child spawn(String executable, List<String> args, SpawnOptions options) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("args must hold at least argv[0]");
        }
        Map<String, String> env = options.environment();
        String program = resolve(executable, env);
        String cwd = options.path();
        if (cwd != null && !Files.isDirectory(Path.of(cwd))) {
            throw new IllegalArgumentException("working directory does not exist or is not a directory: " + cwd);
        }
        List<String> argv = new ArrayList<>(args);
        if (options.uid() != null || options.gid() != null) {
            argv = trampoline(program, args, options.uid(), options.gid());
            if (argv != null) {
                program = SETPRIV;
            } else {
                argv = new ArrayList<>(args);
            }
        }
        List<String> envp = new ArrayList<>(env.size());
        env.forEach((name, value) -> envp.add(name + "=" + value));
        return options.usePTY() ? spawnOnPty(program, argv, envp, cwd, options.windowSize())
                : spawnWithPipes(program, argv, envp, cwd, options.childFDs());
    }

    /**
     * The executable to hand posix_spawn: as given if it holds a "/", else the first executable file of that name
     * in the child's PATH, as Twisted's {@code os.execvpe} finds it.
     */
    private static String resolve(String executable, Map<String, String> env) {
        if (executable.isEmpty()) {
            throw new IllegalArgumentException("executable must not be empty");
        }
        if (executable.indexOf('/') >= 0) {
            return executable;
        }
        String searchPath = env.getOrDefault("PATH", DEFAULT_PATH);
        for (String dir : searchPath.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw Errno.exception("posix_spawn(" + executable + ") searching PATH=" + searchPath, Errno.ENOENT);
    }

    /**
     * posix_spawn cannot change credentials, and Java code must not run in a forked child, so a different
     * uid/gid goes through {@code setpriv}, which sets them and execs the program. Returns its argv, or null when
     * nothing needs changing.
     */
    private static List<String> trampoline(String program, List<String> args, Integer uid, Integer gid) {
        int euid = Spawn.geteuid();
        int egid = Spawn.getegid();
        boolean changeUid = uid != null && uid != euid;
        boolean changeGid = gid != null && gid != egid;
        if (!changeUid && !changeGid) {
            return null;
        }
        if (euid != 0) {
            throw new ProcessSpawnError("cannot run " + program + " as uid " + uid + " gid " + gid
                    + ": changing user or group needs root (this process runs as uid " + euid + ")");
        }
        if (!Files.isExecutable(Path.of(SETPRIV))) {
            throw new ProcessSpawnError("cannot run " + program + " as uid " + uid + " gid " + gid + ": " + SETPRIV
                    + " (util-linux) is needed to change user or group and is not installed");
        }
        // setpriv's own exec failure would be a silent exit code: check the program here instead.
        Path target = Path.of(program);
        if (!Files.exists(target)) {
            throw Errno.exception("posix_spawn(" + program + ")", Errno.ENOENT);
        }
        if (!Files.isRegularFile(target) || !Files.isExecutable(target)) {
            throw Errno.exception("posix_spawn(" + program + ")", Errno.EACCES);
        }
        List<String> argv = new ArrayList<>();
        argv.add(SETPRIV);
        if (changeUid) {
            argv.add("--reuid=" + uid);
        }
        if (changeGid) {
            argv.add("--regid=" + gid);
        }
        argv.add("--clear-groups");
        argv.add("--");
        argv.add(program);
        argv.addAll(args.subList(1, args.size()));
        return argv;
    }

    private static Child spawnOnPty(String program, List<String> argv, List<String> envp, String cwd,
            int[] windowSize) {
        int master = Pty.openMaster();
        try {
            if (windowSize != null) {
                Pty.setWindowSize(master, windowSize[0], windowSize[1]);
            }
            String slave = Pty.slaveName(master);
            try (Spawn.FileActions actions = new Spawn.FileActions()) {
                if (cwd != null) {
                    actions.chdir(cwd);
                }
                // Opened without O_NOCTTY by a session leader (POSIX_SPAWN_SETSID runs before file actions):
                // the slave becomes the child's controlling terminal.
                actions.open(0, slave, Spawn.O_RDWR).dup2(0, 1).dup2(0, 2).closeFrom(3);
                int pid = Spawn.spawn(program, argv, envp, actions, true);
                return new Child(pid, Map.of(), master);
            }
        } catch (RuntimeException | Error e) {
            Syscalls.close(master);
            throw e;
        }
    }

    private static Child spawnWithPipes(String program, List<String> argv, List<String> envp, String cwd,
            Map<Integer, ChildFD> childFDs) {
        Map<Integer, int[]> parentEnds = new java.util.TreeMap<>();
        List<Integer> childEnds = new ArrayList<>();
        Map<Integer, Integer> sources = new java.util.TreeMap<>();
        boolean spawned = false;
        try {
            for (Map.Entry<Integer, ChildFD> e : childFDs.entrySet()) {
                int childFD = e.getKey();
                ChildFD what = e.getValue();
                if (what instanceof ChildFD.Inherit(int parentFd)) {
                    if (!Syscalls.isOpen(parentFd)) {
                        throw new IllegalArgumentException("childFDs[" + childFD + "] names descriptor " + parentFd
                                + " of this process, which is not open");
                    }
                    sources.put(childFD, parentFd);
                    continue;
                }
                int[] pipe = Syscalls.pipe(Syscalls.O_CLOEXEC);
                boolean parentReads = what instanceof ChildFD.Read;
                int parentEnd = parentReads ? pipe[0] : pipe[1];
                int childEnd = parentReads ? pipe[1] : pipe[0];
                parentEnds.put(childFD, new int[] {parentEnd, parentReads ? 1 : 0});
                childEnds.add(childEnd);
                sources.put(childFD, childEnd);
                Syscalls.setNonBlocking(parentEnd);
            }
            int pid;
            try (Spawn.FileActions actions = fileActions(sources, cwd)) {
                pid = Spawn.spawn(program, argv, envp, actions, false);
            }
            spawned = true;
            return new Child(pid, parentEnds, -1);
        } finally {
            for (int fd : childEnds) {
                closeQuietly(fd);
            }
            if (!spawned) {
                for (int[] end : parentEnds.values()) {
                    closeQuietly(end[0]);
                }
            }
        }
    }

    /**
     * The child's descriptors from {@code sources} (child fd to the parent's fd). Every source is first copied
     * above all the numbers involved and only then onto its target, so a target that is also another mapping's
     * source is never overwritten before it is copied (and a source equal to its own target still loses its
     * close-on-exec flag). Every other descriptor, the copies included, is closed.
     */
    static Spawn.FileActions fileActions(Map<Integer, Integer> sources, String cwd) {
        Spawn.FileActions actions = new Spawn.FileActions();
        try {
            if (cwd != null) {
                actions.chdir(cwd);
            }
            int highest = -1;
            int maxTarget = -1;
            for (Map.Entry<Integer, Integer> e : sources.entrySet()) {
                highest = Math.max(highest, Math.max(e.getKey(), e.getValue()));
                maxTarget = Math.max(maxTarget, e.getKey());
            }
            int spare = highest + 1;
            long limit = Syscalls.getrlimit(Syscalls.RLIMIT_NOFILE)[0];
            if (spare + sources.size() > limit) {
                // posix_spawn would refuse the staging numbers with a bare EBADF; the cause is the limit.
                throw Errno.exception("posix_spawn: staging the child's descriptors at " + spare + ".."
                        + (spare + sources.size() - 1) + ", past RLIMIT_NOFILE " + limit, Errno.EMFILE);
            }
            List<int[]> staged = new ArrayList<>();
            for (Map.Entry<Integer, Integer> e : sources.entrySet()) {
                actions.dup2(e.getValue(), spare);
                staged.add(new int[] {spare, e.getKey()});
                spare++;
            }
            for (int[] s : staged) {
                actions.dup2(s[0], s[1]);
            }
            for (int fd = 0; fd < maxTarget; fd++) {
                if (!sources.containsKey(fd)) {
                    actions.close(fd);
                }
            }
            actions.closeFrom(maxTarget + 1);
            return actions;
        } catch (RuntimeException | Error e) {
            actions.close();
            throw e;
        }
    }

    /** The child's pidfd; if it cannot be had (EMFILE...), the child is killed and reaped rather than left unwatched. */
    static int pidfd(int pid) {
        try {
            return Pidfd.open(pid);
        } catch (RuntimeException e) {
            try {
                Syscalls.kill(pid, 9);
                Pidfd.reapByPid(pid);
            } catch (ErrnoException ignored) {
                // gone already
            }
            throw e;
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Syscalls.close(fd);
        } catch (ErrnoException ignored) {
            // released even then
        }
    }
}
