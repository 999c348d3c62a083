package dev.twine.internal.sys;

import dev.twine.internal.linux.iovec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code struct iovec} arrays that gathered writes ({@link Sockets#sendmsg}, {@link Sockets#writev}) take. Each
 * thread has one array of {@link #MAX} entries, so a transport that flushes its queue fills it in place instead of
 * allocating one per write; it is valid until the thread's next call that fills it.
 */
public final class IoVec {
    /** Linux's {@code IOV_MAX} (a limit of the kernel, not in glibc's headers as a constant jextract could keep). */
    public static final int MAX = 1024;
    /** The size of one {@code struct iovec}. */
    public static final long SIZE = iovec.layout().byteSize();
    private static final long BASE_OFFSET = iovec.iov_base$offset();
    private static final long LEN_OFFSET = iovec.iov_len$offset();

    private IoVec() {
    }

    /** This thread's array of {@link #MAX} entries. */
    public static MemorySegment threadArray() {
        return ThreadFrame.current().iovecs;
    }

    /** Sets entry {@code index} to {@code length} bytes at native {@code address}. */
    public static void set(MemorySegment array, int index, long address, long length) {
        long at = index * SIZE;
        array.set(ValueLayout.JAVA_LONG, at + BASE_OFFSET, address);
        array.set(ValueLayout.JAVA_LONG, at + LEN_OFFSET, length);
    }

    /** The native address of entry {@code index}. */
    public static long address(MemorySegment array, int index) {
        return array.get(ValueLayout.JAVA_LONG, index * SIZE + BASE_OFFSET);
    }

    /** The length of entry {@code index}. */
    public static long length(MemorySegment array, int index) {
        return array.get(ValueLayout.JAVA_LONG, index * SIZE + LEN_OFFSET);
    }
}
