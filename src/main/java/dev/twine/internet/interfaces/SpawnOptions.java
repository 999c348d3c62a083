package dev.twine.internet.interfaces;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The keyword arguments of Twisted's {@code spawnProcess} as a builder: {@code env}, {@code path}, {@code uid},
 * {@code gid}, {@code usePTY}, {@code childFDs}, plus the initial window size of a pty. Each setter returns this
 * object; {@code spawnProcess} copies what it needs, so one options object may serve many spawns.
 */
public final class SpawnOptions {
    /** Twisted's default: the child writes fd 0 from us, we read its fds 1 and 2. */
    public static final Map<Integer, Object> DEFAULT_CHILD_FDS = Map.of(0, "w", 1, "r", 2, "r");

    private Map<String, String> env = Map.of();
    private boolean inheritEnv;
    private String path;
    private Integer uid;
    private Integer gid;
    private boolean usePTY;
    private int rows;
    private int columns;
    private Map<Integer, Object> childFDs = DEFAULT_CHILD_FDS;

    private SpawnOptions() {
    }

    /** An empty environment, the parent's working directory, its uid and gid, no pty, the default childFDs. */
    public static SpawnOptions defaults() {
        return new SpawnOptions();
    }

    /** Exactly {@code env} as the child's whole environment. */
    public SpawnOptions env(Map<String, String> env) {
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("bad environment entry: " + name + "=" + value);
            }
            copy.put(name, value);
        });
        this.env = copy;
        this.inheritEnv = false;
        return this;
    }

    /** The parent's environment ({@code System.getenv()}) as the child's. */
    public SpawnOptions inheritEnv() {
        this.inheritEnv = true;
        return this;
    }

    /** The child's working directory; null keeps the parent's. */
    public SpawnOptions path(String path) {
        this.path = path;
        return this;
    }

    /** The user id the child runs as (needs privilege; see the README for how). */
    public SpawnOptions uid(int uid) {
        if (uid < 0) {
            throw new IllegalArgumentException("uid must not be negative: " + uid);
        }
        this.uid = uid;
        return this;
    }

    /** The group id the child runs as. */
    public SpawnOptions gid(int gid) {
        if (gid < 0) {
            throw new IllegalArgumentException("gid must not be negative: " + gid);
        }
        this.gid = gid;
        return this;
    }

    /** Runs the child on a new pseudo-terminal (its controlling terminal, as fds 0, 1 and 2); childFDs are ignored. */
    public SpawnOptions usePTY(boolean usePTY) {
        this.usePTY = usePTY;
        return this;
    }

    /** The pty's initial window size in character cells (only with {@link #usePTY}). */
    public SpawnOptions windowSize(int rows, int columns) {
        if (rows <= 0 || rows > 0xffff || columns <= 0 || columns > 0xffff) {
            throw new IllegalArgumentException("window size must be 1..65535 cells: " + rows + "x" + columns);
        }
        this.rows = rows;
        this.columns = columns;
        return this;
    }

    /**
     * Child descriptor number to: {@code "r"} (a pipe this side reads: {@code childDataReceived}), {@code "w"} (a
     * pipe this side writes: {@code writeToChild}) or an {@link Integer} (this process's descriptor, which the child
     * gets a copy of). Child descriptors not named are closed in the child.
     */
    public SpawnOptions childFDs(Map<Integer, Object> childFDs) {
        Map<Integer, Object> copy = new TreeMap<>();
        childFDs.forEach((childFD, what) -> {
            Objects.requireNonNull(childFD, "child fd");
            if (childFD < 0) {
                throw new IllegalArgumentException("child fd must not be negative: " + childFD);
            }
            if (!("r".equals(what) || "w".equals(what) || (what instanceof Integer fd && fd >= 0))) {
                throw new IllegalArgumentException("childFDs[" + childFD + "] must be \"r\", \"w\" or a descriptor "
                        + "number of this process, not " + what);
            }
            copy.put(childFD, what);
        });
        this.childFDs = copy;
        return this;
    }

    /** The environment the child gets. */
    public Map<String, String> environment() {
        return inheritEnv ? System.getenv() : env;
    }

    public String path() {
        return path;
    }

    /** The uid, or null to keep the parent's. */
    public Integer uid() {
        return uid;
    }

    /** The gid, or null to keep the parent's. */
    public Integer gid() {
        return gid;
    }

    public boolean usePTY() {
        return usePTY;
    }

    /** The initial pty size as {@code {rows, columns}}, or null for the kernel's default. */
    public int[] windowSize() {
        return rows == 0 ? null : new int[] {rows, columns};
    }

    public Map<Integer, Object> childFDs() {
        return childFDs;
    }
}
