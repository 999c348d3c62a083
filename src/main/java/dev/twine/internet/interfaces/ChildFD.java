package dev.twine.internet.interfaces;

/**
 * What one descriptor of a child process is connected to: a value of {@link SpawnOptions#childFDs(java.util.Map)}.
 * Twisted writes these as {@code "r"}, {@code "w"} and a descriptor number; {@link #fromTwisted(Object)} reads that
 * form.
 *
 * <p>"Read" and "write" are seen from this side, as in Twisted: {@link #read()} is a pipe the child writes and this
 * process reads, delivered to {@code childDataReceived}; {@link #write()} is a pipe this process writes, with
 * {@code writeToChild}, and the child reads.
 */
public sealed interface ChildFD {
    /** A pipe this process reads and the child writes: Twisted's {@code "r"}, the default for fds 1 and 2. */
    static ChildFD read() {
        return Read.INSTANCE;
    }

    /** A pipe this process writes and the child reads: Twisted's {@code "w"}, the default for fd 0. */
    static ChildFD write() {
        return Write.INSTANCE;
    }

    /**
     * A copy of this process's descriptor {@code fd}, which must be open when the child is spawned: Twisted's
     * integer value.
     *
     * @throws IllegalArgumentException if {@code fd} is negative
     */
    static ChildFD inherit(int fd) {
        return new Inherit(fd);
    }

    /**
     * Twisted's form of a childFDs value: {@code "r"}, {@code "w"} or an {@link Integer} descriptor number (a
     * {@code ChildFD} is taken as it is, so a map may mix both forms).
     *
     * @throws IllegalArgumentException for anything else, naming the value
     */
    static ChildFD fromTwisted(Object value) {
        if (value instanceof ChildFD typed) {
            return typed;
        }
        if ("r".equals(value)) {
            return read();
        }
        if ("w".equals(value)) {
            return write();
        }
        if (value instanceof Integer fd && fd >= 0) {
            return inherit(fd);
        }
        throw new IllegalArgumentException("must be \"r\", \"w\" or a descriptor number of this process, not "
                + (value instanceof String s ? "\"" + s + "\"" : value));
    }

    /** See {@link #read()}. */
    enum Read implements ChildFD {
        INSTANCE;

        @Override
        public String toString() {
            return "ChildFD.read()";
        }
    }

    /** See {@link #write()}. */
    enum Write implements ChildFD {
        INSTANCE;

        @Override
        public String toString() {
            return "ChildFD.write()";
        }
    }

    /**
     * See {@link #inherit(int)}.
     *
     * @param fd this process's descriptor that the child gets a copy of
     */
    record Inherit(int fd) implements ChildFD {
        /** @throws IllegalArgumentException if {@code fd} is negative */
        public Inherit {
            if (fd < 0) {
                throw new IllegalArgumentException("a descriptor number must not be negative: " + fd);
            }
        }

        @Override
        public String toString() {
            return "ChildFD.inherit(" + fd + ")";
        }
    }
}
