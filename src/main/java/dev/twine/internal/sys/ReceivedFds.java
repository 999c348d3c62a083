package dev.twine.internal.sys;

/**
 * What one {@link UnixSockets#recvmsg} took besides the data: the descriptors that came with it
 * ({@code SCM_RIGHTS}, now open in this process and the caller's to hand on or close), whether the kernel had to
 * drop part of the control data ({@code MSG_CTRUNC}: more descriptors than fitted, or no room left in the
 * descriptor table), and how many control messages of another kind came. Reused from read to read; the array grows
 * once to at most {@link UnixSockets#SCM_MAX_FD}, the most one message can carry.
 */
public final class ReceivedFds {
    private int[] fds = new int[0];
    private int count;
    private boolean truncated;
    private int otherMessages;
    private int otherLevel;
    private int otherType;

    /** Descriptors received by the last call. */
    public int count() {
        return count;
    }

    /** The {@code i}th descriptor received, in the order sent. */
    public int get(int i) {
        java.util.Objects.checkIndex(i, count);
        return fds[i];
    }

    /** The kernel dropped control data ({@code MSG_CTRUNC}): descriptors were lost (closed by the kernel). */
    public boolean truncated() {
        return truncated;
    }

    /** Control messages that were not {@code SCM_RIGHTS} (they carry no descriptor: nothing to close). */
    public int otherMessages() {
        return otherMessages;
    }

    /** The level and type of the last such message, for a log line. */
    public String lastOther() {
        return "level " + otherLevel + ", type " + otherType;
    }

    /** Forgets the last call's descriptors (after they were handed on or closed). */
    public void clear() {
        count = 0;
        truncated = false;
        otherMessages = 0;
    }

    void add(int fd) {
        if (count == fds.length) {
            fds = java.util.Arrays.copyOf(fds, Math.max(UnixSockets.SCM_MAX_FD, count * 2));
        }
        fds[count++] = fd;
    }

    void truncated(boolean truncated) {
        this.truncated = truncated;
    }

    void other(int level, int type) {
        otherMessages++;
        otherLevel = level;
        otherType = type;
    }
}
