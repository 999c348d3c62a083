package dev.twine.internet.interfaces;

import java.util.Collections;
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
    /** Twisted's default: the child reads fd 0 from us, we read its fds 1 and 2. */
    public static final Map<Integer, ChildFD> DEFAULT_CHILD_FDS =
            Map.of(0, ChildFD.write(), 1, ChildFD.read(), 2, ChildFD.read());

    private Map<String, String> env = Map.of();
    private boolean inheritEnv;
    private String path;
    private Integer uid;
    private Integer gid;
    private boolean usePTY;
    private int rows;
    private int columns;
    private Map<Integer, ChildFD> childFDs = DEFAULT_CHILD_FDS;

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
     * Child descriptor number to what it is connected to: {@link ChildFD#read()} (a pipe this side reads:
     * {@code childDataReceived}), {@link ChildFD#write()} (a pipe this side writes: {@code writeToChild}) or
     * {@link ChildFD#inherit(int)} (this process's descriptor, which the child gets a copy of). Child descriptors
     * not named are closed in the child.
     *
     * @throws IllegalArgumentException for a negative child descriptor number
     * @throws NullPointerException for a null key or value
     */
    public SpawnOptions childFDs(Map<Integer, ChildFD> childFDs) {
        Map<Integer, ChildFD> copy = new TreeMap<>();
        childFDs.forEach((childFD, what) -> copy.put(checkChildFD(childFD), Objects.requireNonNull(what,
                "childFDs[" + childFD + "]")));
        this.childFDs = Collections.unmodifiableMap(copy);
        return this;
    }

    /**
     * {@link #childFDs(Map)} in Twisted's form, for ported code: each value is {@code "r"}, {@code "w"} or an
     * {@link Integer} descriptor number of this process (see {@link ChildFD#fromTwisted(Object)}).
     *
     * @throws IllegalArgumentException for a negative child descriptor number or any other value, naming the entry
     */
    public SpawnOptions childFDsUntyped(Map<Integer, ?> childFDs) {
        Map<Integer, ChildFD> copy = new TreeMap<>();
        childFDs.forEach((childFD, what) -> {
            checkChildFD(childFD);
            try {
                copy.put(childFD, ChildFD.fromTwisted(what));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("childFDs[" + childFD + "] " + e.getMessage(), e);
            }
        });
        this.childFDs = Collections.unmodifiableMap(copy);
        return this;
    }

    private static int checkChildFD(Integer childFD) {
        Objects.requireNonNull(childFD, "child fd");
        if (childFD < 0) {
            throw new IllegalArgumentException("child fd must not be negative: " + childFD);
        }
        return childFD;
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

    /** Child descriptor number to what it is connected to, in descriptor order. */
    public Map<Integer, ChildFD> childFDs() {
        return childFDs;
    }
}
