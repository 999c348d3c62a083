package dev.twine.internal.sys;

import static dev.twine.internal.sys.Sockets.MSG_CONTROL;
import static dev.twine.internal.sys.Sockets.MSG_CONTROLLEN;
import static dev.twine.internal.sys.Sockets.MSG_FLAGS;
import static dev.twine.internal.sys.Sockets.MSG_IOV;
import static dev.twine.internal.sys.Sockets.MSG_IOVLEN;
import static dev.twine.internal.sys.Sockets.MSG_NAME;
import static dev.twine.internal.sys.Sockets.MSG_NAMELEN;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.cmsghdr;
import dev.twine.internal.linux.msghdr;
import dev.twine.internal.linux.sockaddr_un;
import dev.twine.internet.error.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The calls of {@code AF_UNIX} sockets that {@link Sockets} does not cover: {@code sockaddr_un} names (filesystem
 * paths, and Linux's abstract names, which start with a NUL and are as long as the address length says),
 * descriptor passing with {@code SCM_RIGHTS}, and the calls that must report an address's length, because an
 * abstract name cannot be read without it.
 *
 * <p>An <em>address buffer</em> ({@link #addressBuffer()}) receives a name and its length together; {@link #name}
 * reads it back. Names are UTF-8.
 */
public final class UnixSockets {
    /** {@code sizeof(sun_path)}: a filesystem path needs one byte more than its length, for the NUL. */
    public static final int PATH_MAX = (int) sockaddr_un.sun_path$layout().byteSize();
    /**
     * The kernel's {@code SCM_MAX_FD}: most descriptors one message can carry, and so the most one
     * {@link #recvmsg} takes (Twisted's 4 KiB control buffer takes them all too).
     */
    public static final int SCM_MAX_FD = 253;

    private static final int AF_UNIX = LibC.AF_UNIX();
    private static final int SOL_SOCKET = LibC.SOL_SOCKET();
    private static final int SCM_RIGHTS = LibC.SCM_RIGHTS();
    private static final int MSG_CMSG_CLOEXEC = LibC.MSG_CMSG_CLOEXEC();
    private static final int MSG_CTRUNC = LibC.MSG_CTRUNC();
    private static final long PATH_AT = sockaddr_un.sun_path$offset();
    private static final long FAMILY_AT = sockaddr_un.sun_family$offset();
    /** Where an address buffer keeps the length the kernel reported, after the largest address. */
    private static final long LENGTH_AT = SockAddr.STORAGE_SIZE;
    private static final int ADDRESS_BUFFER_SIZE = SockAddr.STORAGE_SIZE + 8;

    private static final long CMSG_LEN_AT = cmsghdr.cmsg_len$offset();
    private static final long CMSG_LEVEL_AT = cmsghdr.cmsg_level$offset();
    private static final long CMSG_TYPE_AT = cmsghdr.cmsg_type$offset();
    private static final long CMSG_DATA_AT = cmsghdr.__cmsg_data$offset();
    /** {@code CMSG_ALIGN(sizeof(struct cmsghdr))}: the macros are not in the bindings. */
    private static final long CMSG_HEADER = (cmsghdr.layout().byteSize() + 7) & ~7L;

    // Scratch layout of the message calls: the msghdr, one iovec, then sendmsg's control buffer (one descriptor).
    private static final long IOV_AT = 64;
    private static final long CONTROL_AT = 96;
    /** {@code CMSG_SPACE(4 * SCM_MAX_FD)}. */
    private static final long RECEIVE_CONTROL_SPACE = (CMSG_HEADER + 4L * SCM_MAX_FD + 7) & ~7L;

    // The calls that take or give an address are Sockets' own, given the address encoded here.
    private static final MethodHandle RECVMSG =
            Handles.nonBlocking(LibC.recvmsg$address(), LibC.recvmsg$descriptor());

    private UnixSockets() {
    }

    /**
     * Writes {@code name} as a {@code sockaddr_un} into {@code out}; returns the length to pass to the kernel. A
     * name starting with NUL is abstract (its length is the address's); any other is a path and gets its NUL.
     *
     * @throws IllegalArgumentException naming {@code name} if it is empty, holds a NUL inside a path, or is too long
     *         for {@code sun_path} (108 bytes, with a path's NUL)
     */
    public static int encode(String name, MemorySegment out) {
        byte[] bytes = bytes(name);
        out.asSlice(0, PATH_AT + PATH_MAX).fill((byte) 0);
        out.set(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY_AT, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, out, ValueLayout.JAVA_BYTE, PATH_AT, bytes.length);
        boolean path = bytes[0] != 0;
        return (int) PATH_AT + bytes.length + (path ? 1 : 0);
    }

    /** {@code name}'s bytes, checked as {@link #encode} checks them. */
    public static byte[] bytes(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a UNIX socket address needs a path or an abstract name, got '"
                    + name + "'");
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        boolean path = bytes[0] != 0;
        if (path && name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a UNIX socket path may not hold a NUL: " + printable(name));
        }
        int needed = bytes.length + (path ? 1 : 0);
        if (needed > PATH_MAX) {
            throw new IllegalArgumentException("UNIX socket address too long (" + needed + " bytes"
                    + (path ? " with its NUL" : "") + ", at most " + PATH_MAX + "): " + printable(name));
        }
        return bytes;
    }

    /** {@code name} with an abstract name's leading NUL shown as {@code @}, for messages. */
    public static String printable(String name) {
        return name != null && name.startsWith("\0") ? "@" + name.substring(1) : name;
    }

    /** A buffer for a received address and its length (heap memory: a port keeps one). */
    public static MemorySegment addressBuffer() {
        return MemorySegment.ofArray(new long[ADDRESS_BUFFER_SIZE / 8]);
    }

    /**
     * The name in an address buffer: null for an unnamed socket, an abstract name with its leading NUL, or a
     * path (up to its NUL).
     */
    public static String name(MemorySegment buffer) {
        int length = buffer.get(ValueLayout.JAVA_INT_UNALIGNED, LENGTH_AT);
        return decode(buffer, length);
    }

    private static String decode(MemorySegment in, int length) {
        int pathLength = (int) Math.min(length - PATH_AT, PATH_MAX);
        if (pathLength <= 0) {
            return null;
        }
        byte[] bytes = new byte[pathLength];
        MemorySegment.copy(in, ValueLayout.JAVA_BYTE, PATH_AT, bytes, 0, pathLength);
        if (bytes[0] == 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        int end = 0;
        while (end < pathLength && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Binds {@code fd} to {@code name}; the errno's message names it. */
    public static void bind(int fd, String name) {
        ThreadFrame frame = ThreadFrame.current();
        int errno = Sockets.bind(frame, fd, encode(name, frame.scratch));
        if (errno != 0) {
            throw Errno.exception("bind(" + printable(name) + ")", errno);
        }
    }

    /**
     * Connects {@code fd} to {@code name}. Returns 0 when connected, or {@link Errno#EINPROGRESS} when a stream
     * listener's queue is full (EAGAIN) and the outcome will show as writability; any other errno raises.
     */
    public static int connect(int fd, String name) {
        ThreadFrame frame = ThreadFrame.current();
        int length = encode(name, frame.scratch);
        int errno;
        do {
            errno = Sockets.connect(frame, fd, length);
        } while (errno == Errno.EINTR);
        if (errno == 0) {
            return 0;
        }
        if (errno == Errno.EAGAIN || errno == Errno.EINPROGRESS) {
            return Errno.EINPROGRESS;
        }
        throw Errno.exception("connect(" + printable(name) + ")", errno);
    }

    /**
     * Accepts one connection (non-blocking, close-on-exec), its peer's name into {@code peer} (an address buffer).
     * Returns the descriptor or {@link Syscalls#WOULD_BLOCK}; EINTR and ECONNABORTED are retried.
     */
    public static int accept(int fd, MemorySegment peer) {
        ThreadFrame frame = ThreadFrame.current();
        int client = Sockets.accept(frame, fd, frame.scratch);
        if (client >= 0) {
            // The address and the length after it, as an address buffer holds them.
            MemorySegment.copy(frame.scratch, 0, peer, 0, ADDRESS_BUFFER_SIZE);
        }
        return client;
    }

    /** {@code fd}'s own name (null when unbound). */
    public static String getsockname(int fd) {
        return nameOf(false, fd);
    }

    /** The name of {@code fd}'s peer (null when the peer is unbound). */
    public static String getpeername(int fd) {
        return nameOf(true, fd);
    }

    private static String nameOf(boolean peer, int fd) {
        ThreadFrame frame = ThreadFrame.current();
        Sockets.name(frame, peer, fd);
        return name(frame.scratch);
    }

    /**
     * {@code sendmsg} of the first {@code count} entries of {@code iov} (native) with {@code flags}, carrying
     * {@code passFd} as {@code SCM_RIGHTS} (the kernel gives the peer a duplicate). Returns the bytes sent or
     * {@link Syscalls#WOULD_BLOCK}.
     */
    public static long sendmsg(int fd, MemorySegment iov, int count, int flags, int passFd) {
        ThreadFrame frame = ThreadFrame.current();
        // Offsets into the scratch area and raw addresses rather than slices: nothing is allocated per call.
        MemorySegment header = frame.scratch;
        long control = CONTROL_AT;
        header.set(ValueLayout.JAVA_LONG, control + CMSG_LEN_AT, CMSG_HEADER + 4);
        header.set(ValueLayout.JAVA_INT, control + CMSG_LEVEL_AT, SOL_SOCKET);
        header.set(ValueLayout.JAVA_INT, control + CMSG_TYPE_AT, SCM_RIGHTS);
        header.set(ValueLayout.JAVA_INT, control + CMSG_DATA_AT, passFd);
        header.set(ValueLayout.JAVA_INT, control + CMSG_DATA_AT + 4, 0);
        header.set(ValueLayout.ADDRESS, MSG_NAME, MemorySegment.NULL);
        header.set(ValueLayout.JAVA_INT, MSG_NAMELEN, 0);
        header.set(ValueLayout.ADDRESS, MSG_IOV, iov);
        header.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, count);
        header.set(ValueLayout.JAVA_LONG, MSG_CONTROL, header.address() + control);
        header.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, CMSG_HEADER + 8);
        header.set(ValueLayout.JAVA_INT, MSG_FLAGS, 0);
        return Sockets.sendmsg(frame, fd, header, flags);
    }

    /**
     * {@code sendmsg} of {@code data} carrying all of {@code passFds} as one {@code SCM_RIGHTS} message (the kernel
     * takes at most {@link #SCM_MAX_FD}; EINVAL beyond). Returns the bytes sent or {@link Syscalls#WOULD_BLOCK}.
     * It allocates its message: for tools and tests, not a data path (the transports send one descriptor per byte,
     * as Twisted does, through the other {@code sendmsg}).
     */
    public static long sendmsg(int fd, byte[] data, int[] passFds, int flags) {
        ThreadFrame frame = ThreadFrame.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(msghdr.layout());
            MemorySegment iov = arena.allocate(IoVec.SIZE, 8);
            MemorySegment bytes = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, bytes, ValueLayout.JAVA_BYTE, 0, data.length);
            IoVec.set(iov, 0, bytes.address(), data.length);
            long controlLength = CMSG_HEADER + 4L * passFds.length;
            MemorySegment control = arena.allocate(Math.max(CMSG_HEADER, (controlLength + 7) & ~7L), 8);
            control.set(ValueLayout.JAVA_LONG, CMSG_LEN_AT, controlLength);
            control.set(ValueLayout.JAVA_INT, CMSG_LEVEL_AT, SOL_SOCKET);
            control.set(ValueLayout.JAVA_INT, CMSG_TYPE_AT, SCM_RIGHTS);
            for (int i = 0; i < passFds.length; i++) {
                control.set(ValueLayout.JAVA_INT, CMSG_DATA_AT + 4L * i, passFds[i]);
            }
            header.set(ValueLayout.ADDRESS, MSG_NAME, MemorySegment.NULL);
            header.set(ValueLayout.JAVA_INT, MSG_NAMELEN, 0);
            header.set(ValueLayout.ADDRESS, MSG_IOV, iov);
            header.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1L);
            header.set(ValueLayout.ADDRESS, MSG_CONTROL, passFds.length == 0 ? MemorySegment.NULL : control);
            header.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, passFds.length == 0 ? 0 : control.byteSize());
            header.set(ValueLayout.JAVA_INT, MSG_FLAGS, 0);
            return Sockets.sendmsg(frame, fd, header, flags);
        }
    }

    /**
     * {@code recvmsg} into {@code length} bytes at {@code offset} of {@code array}, taking any descriptors sent
     * with the data (close-on-exec: {@code MSG_CMSG_CLOEXEC}) into {@code into}, which is cleared first. Room is
     * made for {@link #SCM_MAX_FD}, the most one message can carry, so a message loses descriptors
     * ({@link ReceivedFds#truncated()}, {@code MSG_CTRUNC}) only when the descriptor table is full. Returns the bytes
     * read, 0 at end of stream, or {@link Syscalls#WOULD_BLOCK}; EINTR is retried.
     */
    public static int recvmsg(int fd, byte[] array, int offset, int length, ReceivedFds into) {
        ThreadFrame frame = ThreadFrame.current();
        // The iovec holds a raw address, which a heap array cannot give: the data lands in native memory first,
        // and the control area goes after it (the scratch area is too small for SCM_MAX_FD descriptors).
        long controlAt = (length + 15L) & ~15L;
        MemorySegment data = frame.bounce(controlAt + RECEIVE_CONTROL_SPACE);
        MemorySegment header = frame.scratch;
        into.clear();
        try {
            long n;
            do {
                // Offsets into the scratch area and raw addresses rather than slices: nothing is allocated per read.
                IoVec.set(header, (int) (IOV_AT / IoVec.SIZE), data.address(), length);
                header.set(ValueLayout.ADDRESS, MSG_NAME, MemorySegment.NULL);
                header.set(ValueLayout.JAVA_INT, MSG_NAMELEN, 0);
                header.set(ValueLayout.JAVA_LONG, MSG_IOV, header.address() + IOV_AT);
                header.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1L);
                header.set(ValueLayout.JAVA_LONG, MSG_CONTROL, data.address() + controlAt);
                header.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, RECEIVE_CONTROL_SPACE);
                header.set(ValueLayout.JAVA_INT, MSG_FLAGS, 0);
                n = Call.outcome((long) RECVMSG.invokeExact(frame.errnoState, fd, header, MSG_CMSG_CLOEXEC),
                        frame, "recvmsg");
            } while (n == Call.RETRY);
            if (n > 0) {
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, array, offset, (int) n);
            }
            if (n >= 0) {
                into.truncated((header.get(ValueLayout.JAVA_INT, MSG_FLAGS) & MSG_CTRUNC) != 0);
                long controlLength = header.get(ValueLayout.JAVA_LONG, MSG_CONTROLLEN);
                if (controlLength > 0) {
                    collectFds(data, controlAt, Math.min(controlLength, RECEIVE_CONTROL_SPACE), into);
                }
            }
            return (int) n;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /**
     * Reads the control messages {@link #recvmsg} received at {@code control} of {@code area}: the
     * {@code SCM_RIGHTS} descriptors into {@code into}, every other kind counted.
     */
    private static void collectFds(MemorySegment area, long control, long controlLength, ReceivedFds into) {
        long at = 0;
        while (at + CMSG_HEADER <= controlLength) {
            long cmsg = control + at;
            long cmsgLength = area.get(ValueLayout.JAVA_LONG, cmsg + CMSG_LEN_AT);
            if (cmsgLength < CMSG_HEADER || at + cmsgLength > controlLength) {
                break;
            }
            int level = area.get(ValueLayout.JAVA_INT, cmsg + CMSG_LEVEL_AT);
            int type = area.get(ValueLayout.JAVA_INT, cmsg + CMSG_TYPE_AT);
            if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                int n = (int) ((cmsgLength - CMSG_HEADER) / 4);
                for (int i = 0; i < n; i++) {
                    into.add(area.get(ValueLayout.JAVA_INT, cmsg + CMSG_HEADER + 4L * i));
                }
            } else {
                into.other(level, type);
            }
            at += (cmsgLength + 7) & ~7L;
        }
    }

    /**
     * {@code sendto} of one datagram to {@code to} (a name), or to the connected peer when {@code to} is null.
     * Returns the bytes sent or {@link Syscalls#WOULD_BLOCK}; EINTR is retried; other errnos raise, naming
     * {@code to}.
     */
    public static int sendto(int fd, byte[] array, int offset, int length, String to) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment name = MemorySegment.NULL;
        int nameLength = 0;
        if (to != null) {
            nameLength = encode(to, frame.scratch);
            name = frame.scratch;
        }
        try {
            return Sockets.sendto(frame, fd, frame.outgoing(array, offset, length), length, Sockets.MSG_NOSIGNAL,
                    name, nameLength);
        } catch (ErrnoException e) {
            throw to == null ? e : Errno.exception("sendto(" + printable(to) + ")", e.errno());
        }
    }

    /**
     * {@code recvfrom} of one datagram into {@code length} bytes at {@code offset} of {@code array}, the sender's
     * name into {@code from} (an address buffer). Returns the datagram's length ({@code MSG_TRUNC}: it may exceed
     * {@code length}; only {@code length} bytes are stored) or {@link Syscalls#WOULD_BLOCK}; EINTR is retried.
     */
    public static int recvfrom(int fd, byte[] array, int offset, int length, MemorySegment from) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment bytes = frame.incoming(array, offset, length);
        int n = Sockets.recvfrom(frame, fd, bytes, length, Sockets.MSG_TRUNC, frame.scratch);
        if (n >= 0) {
            frame.landed(bytes, array, offset, Math.min(n, length));
            MemorySegment.copy(frame.scratch, 0, from, 0, ADDRESS_BUFFER_SIZE);
        }
        return n;
    }
}
