package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.__sigset_t;
import dev.twine.internal.linux.posix_spawn_file_actions_t;
import dev.twine.internal.linux.posix_spawnattr_t;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * {@code posix_spawn(3)} with file actions and attributes: starts a program without running any Java code in a
 * forked child. glibc's posix_spawn clones with {@code CLONE_VFORK} and reports the exec's errno back to the
 * caller, so a missing or non-executable program is an error of the call itself and not a child exiting 127.
 *
 * <p>The posix_spawn family returns the error number instead of setting errno, so these handles' errno capture
 * is not read.
 */
public final class Spawn {
    private static final MethodHandle SPAWN = Handles.blocking(LibC.posix_spawn$address(), LibC.posix_spawn$descriptor());
    private static final MethodHandle ATTR_INIT =
            Handles.blocking(LibC.posix_spawnattr_init$address(), LibC.posix_spawnattr_init$descriptor());
    private static final MethodHandle ATTR_DESTROY =
            Handles.blocking(LibC.posix_spawnattr_destroy$address(), LibC.posix_spawnattr_destroy$descriptor());
    private static final MethodHandle ATTR_SETFLAGS =
            Handles.blocking(LibC.posix_spawnattr_setflags$address(), LibC.posix_spawnattr_setflags$descriptor());
    private static final MethodHandle ATTR_SETSIGMASK =
            Handles.blocking(LibC.posix_spawnattr_setsigmask$address(), LibC.posix_spawnattr_setsigmask$descriptor());
    private static final MethodHandle ATTR_SETSIGDEFAULT = Handles.blocking(
            LibC.posix_spawnattr_setsigdefault$address(), LibC.posix_spawnattr_setsigdefault$descriptor());
    private static final MethodHandle SIGEMPTYSET =
            Handles.blocking(LibC.sigemptyset$address(), LibC.sigemptyset$descriptor());
    private static final MethodHandle SIGFILLSET =
            Handles.blocking(LibC.sigfillset$address(), LibC.sigfillset$descriptor());
    private static final MethodHandle FA_INIT = Handles.blocking(LibC.posix_spawn_file_actions_init$address(),
            LibC.posix_spawn_file_actions_init$descriptor());
    private static final MethodHandle FA_DESTROY = Handles.blocking(
            LibC.posix_spawn_file_actions_destroy$address(), LibC.posix_spawn_file_actions_destroy$descriptor());
    private static final MethodHandle FA_DUP2 = Handles.blocking(LibC.posix_spawn_file_actions_adddup2$address(),
            LibC.posix_spawn_file_actions_adddup2$descriptor());
    private static final MethodHandle FA_CLOSE = Handles.blocking(LibC.posix_spawn_file_actions_addclose$address(),
            LibC.posix_spawn_file_actions_addclose$descriptor());
    private static final MethodHandle FA_OPEN = Handles.blocking(LibC.posix_spawn_file_actions_addopen$address(),
            LibC.posix_spawn_file_actions_addopen$descriptor());
    private static final MethodHandle FA_CHDIR = Handles.blocking(
            LibC.posix_spawn_file_actions_addchdir_np$address(), LibC.posix_spawn_file_actions_addchdir_np$descriptor());
    private static final MethodHandle FA_CLOSEFROM = Handles.blocking(
            LibC.posix_spawn_file_actions_addclosefrom_np$address(),
            LibC.posix_spawn_file_actions_addclosefrom_np$descriptor());

    private static final short SETSIGMASK = (short) LibC.POSIX_SPAWN_SETSIGMASK();
    private static final short SETSIGDEF = (short) LibC.POSIX_SPAWN_SETSIGDEF();
    private static final short SETSID = (short) LibC.POSIX_SPAWN_SETSID();

    private static final MethodHandle GETEUID = Handles.nonBlocking(LibC.geteuid$address(), LibC.geteuid$descriptor());
    private static final MethodHandle GETEGID = Handles.nonBlocking(LibC.getegid$address(), LibC.getegid$descriptor());

    public static final int O_RDWR = LibC.O_RDWR();

    private Spawn() {
    }

    /**
     * The steps the child takes on its descriptors and working directory between the clone and the exec, in the
     * order they were added. Owns native memory until closed.
     */
    public static final class FileActions implements AutoCloseable {
        private final Arena arena = Arena.ofConfined();
        final MemorySegment actions = arena.allocate(posix_spawn_file_actions_t.layout());

        public FileActions() {
            Call.checkReturned(call(FA_INIT, actions), "posix_spawn_file_actions_init");
        }

        /** The child's {@code to} becomes a copy of {@code from} (without close-on-exec). */
        public FileActions dup2(int from, int to) {
            Call.checkReturned(call(FA_DUP2, actions, from, to),
                    "posix_spawn_file_actions_adddup2(" + from + ", " + to + ")");
            return this;
        }

        /** The child closes {@code fd}; glibc ignores EBADF here, so a number that is not open is no error. */
        public FileActions close(int fd) {
            Call.checkReturned(call(FA_CLOSE, actions, fd), "posix_spawn_file_actions_addclose(" + fd + ")");
            return this;
        }

        /** The child opens {@code path} as {@code fd} with the {@code O_*} {@code flags}. */
        public FileActions open(int fd, String path, int flags) {
            int rc;
            try {
                rc = (int) FA_OPEN.invokeExact(ThreadFrame.current().errnoState, actions, fd,
                        arena.allocateFrom(path), flags, 0);
            } catch (Throwable t) {
                throw Call.linkageFailure(t);
            }
            Call.checkReturned(rc, "posix_spawn_file_actions_addopen(" + fd + ", " + path + ")");
            return this;
        }

        /** The child changes its working directory to {@code path}. */
        public FileActions chdir(String path) {
            int rc;
            try {
                rc = (int) FA_CHDIR.invokeExact(ThreadFrame.current().errnoState, actions, arena.allocateFrom(path));
            } catch (Throwable t) {
                throw Call.linkageFailure(t);
            }
            Call.checkReturned(rc, "posix_spawn_file_actions_addchdir_np(" + path + ")");
            return this;
        }

        /** The child closes every descriptor from {@code lowest} up (glibc 2.34+). */
        public FileActions closeFrom(int lowest) {
            int rc;
            try {
                rc = (int) FA_CLOSEFROM.invokeExact(ThreadFrame.current().errnoState, actions, lowest);
            } catch (Throwable t) {
                throw Call.linkageFailure(t);
            }
            Call.checkReturned(rc, "posix_spawn_file_actions_addclosefrom_np(" + lowest + ")");
            return this;
        }

        @Override
        public void close() {
            try {
                int ignored = (int) FA_DESTROY.invokeExact(ThreadFrame.current().errnoState, actions);
            } catch (Throwable t) {
                throw Call.linkageFailure(t);
            } finally {
                arena.close();
            }
        }
    }

    private static int call(MethodHandle handle, MemorySegment actions, int a) {
        try {
            return (int) handle.invokeExact(ThreadFrame.current().errnoState, actions, a);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    private static int call(MethodHandle handle, MemorySegment actions, int a, int b) {
        try {
            return (int) handle.invokeExact(ThreadFrame.current().errnoState, actions, a, b);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    private static int call(MethodHandle handle, MemorySegment segment) {
        try {
            return (int) handle.invokeExact(ThreadFrame.current().errnoState, segment);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /**
     * Starts {@code path} with {@code argv} and the environment {@code envp} ({@code "NAME=value"} strings) after
     * {@code actions}; returns the child's pid. The child starts with an empty signal mask and every signal at its
     * default action, whatever the JVM blocks or ignores; with {@code newSession} it leads a new session (setsid
     * runs before the file actions, so opening a terminal there makes it the controlling one).
     *
     * @throws dev.twine.internet.error.ErrnoException naming {@code path} when the exec or a file action failed
     */
    public static int spawn(String path, List<String> argv, List<String> envp, FileActions actions,
            boolean newSession) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(posix_spawnattr_t.layout());
            Call.checkReturned(call(ATTR_INIT, attr), "posix_spawnattr_init");
            try {
                MemorySegment mask = arena.allocate(__sigset_t.layout());
                Call.checkReturned(call(SIGEMPTYSET, mask), "sigemptyset");
                Call.checkReturned(call(ATTR_SETSIGMASK, attr, mask), "posix_spawnattr_setsigmask");
                MemorySegment defaults = arena.allocate(__sigset_t.layout());
                // Every signal: the JVM ignores some (SIGPIPE's disposition survives exec only when ignored).
                Call.checkReturned(call(SIGFILLSET, defaults), "sigfillset");
                Call.checkReturned(call(ATTR_SETSIGDEFAULT, attr, defaults), "posix_spawnattr_setsigdefault");
                short flags = (short) (SETSIGMASK | SETSIGDEF | (newSession ? SETSID : 0));
                int rc;
                try {
                    rc = (int) ATTR_SETFLAGS.invokeExact(ThreadFrame.current().errnoState, attr, flags);
                } catch (Throwable t) {
                    throw Call.linkageFailure(t);
                }
                Call.checkReturned(rc, "posix_spawnattr_setflags");
                MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                try {
                    rc = (int) SPAWN.invokeExact(ThreadFrame.current().errnoState, pid, arena.allocateFrom(path),
                            actions.actions, attr, strings(arena, argv), strings(arena, envp));
                } catch (Throwable t) {
                    throw Call.linkageFailure(t);
                }
                Call.checkReturned(rc, "posix_spawn(" + path + ")");
                return pid.get(ValueLayout.JAVA_INT, 0);
            } finally {
                call(ATTR_DESTROY, attr);
            }
        }
    }

    private static int call(MethodHandle handle, MemorySegment a, MemorySegment b) {
        try {
            return (int) handle.invokeExact(ThreadFrame.current().errnoState, a, b);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** This process's effective user id. */
    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact(ThreadFrame.current().errnoState);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** This process's effective group id. */
    public static int getegid() {
        try {
            return (int) GETEGID.invokeExact(ThreadFrame.current().errnoState);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** A NULL-terminated {@code char *[]}. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }
}
