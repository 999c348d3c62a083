package dev.twine.internal.sys;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.linux.linger;
import dev.twine.internal.linux.msghdr;
import dev.twine.internet.error.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;

/**
 * The socket system calls the stream transports need, wrapped as {@link Syscalls} wraps the descriptor calls:
 * errno becomes an {@link dev.twine.internet.error.ErrnoException} naming the call, EINTR is retried where that is
 * safe, and EAGAIN is the ordinary result {@link Syscalls#WOULD_BLOCK}. Every socket made here is non-blocking and
 * close-on-exec, and out-parameters use the thread's scratch memory, so none of these calls allocates.
 */
public final class Sockets {
    public static final int AF_INET = LibC.AF_INET();
    public static final int AF_INET6 = LibC.AF_INET6();
    public static final int AF_UNIX = LibC.AF_UNIX();
    public static final int SOCK_STREAM = LibC.SOCK_STREAM();
    public static final int SOCK_DGRAM = LibC.SOCK_DGRAM();
    public static final int SOL_SOCKET = LibC.SOL_SOCKET();
    public static final int IPPROTO_TCP = LibC.IPPROTO_TCP();
    public static final int IPPROTO_IPV6 = LibC.IPPROTO_IPV6();
    public static final int SO_ERROR = LibC.SO_ERROR();
    public static final int SO_REUSEADDR = LibC.SO_REUSEADDR();
    public static final int SO_KEEPALIVE = LibC.SO_KEEPALIVE();
    public static final int SO_TYPE = LibC.SO_TYPE();
    public static final int SO_DOMAIN = LibC.SO_DOMAIN();
    public static final int SO_SNDBUF = LibC.SO_SNDBUF();
    public static final int SO_RCVBUF = LibC.SO_RCVBUF();
    public static final int SO_BROADCAST = LibC.SO_BROADCAST();
    public static final int TCP_NODELAY = LibC.TCP_NODELAY();
    public static final int IPV6_V6ONLY = LibC.IPV6_V6ONLY();
    public static final int IPPROTO_IP = LibC.IPPROTO_IP();
    public static final int SO_REUSEPORT = LibC.SO_REUSEPORT();
    /** {@link #SO_RCVBUF} past {@code net.core.rmem_max}: needs CAP_NET_ADMIN, else EPERM. */
    public static final int SO_RCVBUFFORCE = LibC.SO_RCVBUFFORCE();
    /** {@link #SO_SNDBUF} past {@code net.core.wmem_max}: needs CAP_NET_ADMIN, else EPERM. */
    public static final int SO_SNDBUFFORCE = LibC.SO_SNDBUFFORCE();
    public static final int IP_TOS = LibC.IP_TOS();
    public static final int IPV6_TCLASS = LibC.IPV6_TCLASS();
    public static final int TCP_KEEPIDLE = LibC.TCP_KEEPIDLE();
    public static final int TCP_KEEPINTVL = LibC.TCP_KEEPINTVL();
    public static final int TCP_KEEPCNT = LibC.TCP_KEEPCNT();
    public static final int TCP_QUICKACK = LibC.TCP_QUICKACK();
    public static final int SHUT_RD = LibC.SHUT_RD();
    public static final int SHUT_WR = LibC.SHUT_WR();
    public static final int SHUT_RDWR = LibC.SHUT_RDWR();
    /** For {@link #sendmsg}/{@link #send}: a write to a closed peer fails with EPIPE and raises no SIGPIPE. */
    public static final int MSG_NOSIGNAL = LibC.MSG_NOSIGNAL();
    /** For {@link #recvfrom}: return a datagram's real length even when it was longer than the buffer. */
    public static final int MSG_TRUNC = LibC.MSG_TRUNC();

    private static final int NONBLOCK_CLOEXEC = LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();
    /** Where a {@code socklen_t} in-out length sits in the scratch area, after a {@code sockaddr_storage}. */
    private static final long LENGTH_AT = SockAddr.STORAGE_SIZE;

    private static final MethodHandle SOCKET = Handles.nonBlocking(LibC.socket$address(), LibC.socket$descriptor());
    private static final MethodHandle BIND = Handles.nonBlocking(LibC.bind$address(), LibC.bind$descriptor());
    private static final MethodHandle LISTEN = Handles.nonBlocking(LibC.listen$address(), LibC.listen$descriptor());
    private static final MethodHandle ACCEPT4 =
            Handles.nonBlocking(LibC.accept4$address(), LibC.accept4$descriptor());
    private static final MethodHandle CONNECT =
            Handles.nonBlocking(LibC.connect$address(), LibC.connect$descriptor());
    private static final MethodHandle GETSOCKNAME =
            Handles.nonBlocking(LibC.getsockname$address(), LibC.getsockname$descriptor());
    private static final MethodHandle GETPEERNAME =
            Handles.nonBlocking(LibC.getpeername$address(), LibC.getpeername$descriptor());
    private static final MethodHandle GETSOCKOPT =
            Handles.nonBlocking(LibC.getsockopt$address(), LibC.getsockopt$descriptor());
    private static final MethodHandle SETSOCKOPT =
            Handles.nonBlocking(LibC.setsockopt$address(), LibC.setsockopt$descriptor());
    private static final MethodHandle SHUTDOWN =
            Handles.nonBlocking(LibC.shutdown$address(), LibC.shutdown$descriptor());
    private static final MethodHandle WRITEV = Handles.nonBlocking(LibC.writev$address(), LibC.writev$descriptor());
    private static final MethodHandle SENDMSG =
            Handles.nonBlocking(LibC.sendmsg$address(), LibC.sendmsg$descriptor());
    private static final MethodHandle SEND = Handles.nonBlocking(LibC.send$address(), LibC.send$descriptor());
    private static final MethodHandle SENDTO = Handles.nonBlocking(LibC.sendto$address(), LibC.sendto$descriptor());
    private static final MethodHandle RECVFROM =
            Handles.nonBlocking(LibC.recvfrom$address(), LibC.recvfrom$descriptor());

    static final long MSG_NAME = msghdr.msg_name$offset();
    static final long MSG_NAMELEN = msghdr.msg_namelen$offset();
    static final long MSG_IOV = msghdr.msg_iov$offset();
    static final long MSG_IOVLEN = msghdr.msg_iovlen$offset();
    static final long MSG_CONTROL = msghdr.msg_control$offset();
    static final long MSG_CONTROLLEN = msghdr.msg_controllen$offset();
    static final long MSG_FLAGS = msghdr.msg_flags$offset();

    private Sockets() {
    }

    /** A new non-blocking, close-on-exec socket of {@code domain} and {@code type} ({@link #SOCK_STREAM}...). */
    public static int socket(int domain, int type) {
        ThreadFrame frame = ThreadFrame.current();
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(frame.errnoState, domain, type | NONBLOCK_CLOEXEC, 0);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        return Call.check(fd, frame, "socket");
    }

    /** Binds {@code fd} to {@code address} (resolved; port 0: any free port). */
    public static void bind(int fd, InetSocketAddress address) {
        ThreadFrame frame = ThreadFrame.current();
        int errno = bind(frame, fd, SockAddr.encode(address, frame.scratch));
        if (errno != 0) {
            throw Errno.exception("bind(" + format(address) + ")", errno);
        }
    }

    /**
     * {@code bind} to the address of {@code length} bytes encoded at the start of {@code frame.scratch} (any
     * family: {@link UnixSockets} shares it): 0, or the errno.
     */
    static int bind(ThreadFrame frame, int fd, int length) {
        return withAddress(BIND, frame, fd, length);
    }

    /** {@code call(fd, address, length)} with the address at the start of {@code frame.scratch}: 0, or the errno. */
    private static int withAddress(MethodHandle call, ThreadFrame frame, int fd, int length) {
        int rc;
        try {
            rc = (int) call.invokeExact(frame.errnoState, fd, frame.scratch, length);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        return Call.errno(rc, frame);
    }

    /** Starts listening with room for {@code backlog} connections not yet accepted. */
    public static void listen(int fd, int backlog) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) LISTEN.invokeExact(frame.errnoState, fd, backlog);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "listen");
    }

    /**
     * Accepts one connection as a non-blocking, close-on-exec socket, writing the peer's address into
     * {@code peer} (at least {@link SockAddr#STORAGE_SIZE} bytes, native or heap). Returns the new descriptor, or
     * {@link Syscalls#WOULD_BLOCK} when none is waiting. EINTR and ECONNABORTED (the peer gave up while queued) are
     * retried.
     */
    public static int accept(int fd, MemorySegment peer) {
        ThreadFrame frame = ThreadFrame.current();
        // A heap buffer can be passed in place only by a critical handle; otherwise the scratch area stands in.
        boolean direct = peer.isNative() || Handles.CRITICAL_CAPTURE;
        int client = accept(frame, fd, direct ? peer : frame.scratch);
        if (client >= 0 && !direct) {
            MemorySegment.copy(frame.scratch, 0, peer, 0, SockAddr.STORAGE_SIZE);
        }
        return client;
    }

    /**
     * {@link #accept(int, MemorySegment)} with the peer's address into {@code addr} and its length into
     * {@code frame.scratch} at {@link SockAddr#STORAGE_SIZE} (any family: {@link UnixSockets} shares it).
     */
    static int accept(ThreadFrame frame, int fd, MemorySegment addr) {
        MemorySegment length = frame.scratch.asSlice(LENGTH_AT, 4);
        try {
            long client;
            do {
                length.set(ValueLayout.JAVA_INT, 0, SockAddr.STORAGE_SIZE);
                client = Call.outcome((int) ACCEPT4.invokeExact(frame.errnoState, fd, addr, length, NONBLOCK_CLOEXEC),
                        frame, "accept4", Errno.ECONNABORTED);
            } while (client == Call.RETRY);
            return (int) client;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /**
     * Starts connecting {@code fd} to {@code address}. Returns 0 when connected at once, or
     * {@link Errno#EINPROGRESS} when the outcome will show as writability and {@link #SO_ERROR}.
     */
    public static int connect(int fd, InetSocketAddress address) {
        return connect(fd, address.getAddress(), address.getPort(), 0);
    }

    /** {@link #connect(int, InetSocketAddress)} with IPv6 flow information. */
    public static int connect(int fd, java.net.InetAddress ip, int port, int flowInfo) {
        ThreadFrame frame = ThreadFrame.current();
        int errno = connect(frame, fd, SockAddr.encode(ip, port, flowInfo, frame.scratch));
        if (errno == 0) {
            return 0;
        }
        // Interrupted, a connect goes on in the background (retrying would give EALREADY): the same as EINPROGRESS.
        if (errno == Errno.EINPROGRESS || errno == Errno.EINTR) {
            return Errno.EINPROGRESS;
        }
        throw Errno.exception("connect(" + ip.getHostAddress() + " port " + port + ")", errno);
    }

    /**
     * {@code connect} to the address of {@code length} bytes encoded at the start of {@code frame.scratch} (any
     * family: {@link UnixSockets} shares it): 0, or the errno.
     */
    static int connect(ThreadFrame frame, int fd, int length) {
        return withAddress(CONNECT, frame, fd, length);
    }

    /** Writes {@code fd}'s local address into {@code out} (at least {@link SockAddr#STORAGE_SIZE} bytes). */
    public static void getsockname(int fd, MemorySegment out) {
        name(GETSOCKNAME, "getsockname", fd, out);
    }

    /** Writes the address of {@code fd}'s peer into {@code out} (at least {@link SockAddr#STORAGE_SIZE} bytes). */
    public static void getpeername(int fd, MemorySegment out) {
        name(GETPEERNAME, "getpeername", fd, out);
    }

    /** {@code fd}'s local address. */
    public static InetSocketAddress getsockname(int fd) {
        MemorySegment out = SockAddr.allocateHeap();
        getsockname(fd, out);
        return SockAddr.decode(out);
    }

    /** The address of {@code fd}'s peer. */
    public static InetSocketAddress getpeername(int fd) {
        MemorySegment out = SockAddr.allocateHeap();
        getpeername(fd, out);
        return SockAddr.decode(out);
    }

    private static void name(MethodHandle call, String name, int fd, MemorySegment out) {
        ThreadFrame frame = ThreadFrame.current();
        name(frame, call == GETPEERNAME, fd);
        MemorySegment.copy(frame.scratch, 0, out, 0, SockAddr.STORAGE_SIZE);
    }

    /**
     * {@code getsockname} or ({@code peer}) {@code getpeername} into {@code frame.scratch}, the address's length at
     * {@link SockAddr#STORAGE_SIZE} (any family: {@link UnixSockets} shares it).
     */
    static void name(ThreadFrame frame, boolean peer, int fd) {
        MethodHandle call = peer ? GETPEERNAME : GETSOCKNAME;
        String name = peer ? "getpeername" : "getsockname";
        MemorySegment length = frame.scratch.asSlice(LENGTH_AT, 4);
        length.set(ValueLayout.JAVA_INT, 0, SockAddr.STORAGE_SIZE);
        int rc;
        try {
            rc = (int) call.invokeExact(frame.errnoState, fd, frame.scratch, length);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, name);
    }

    /** An {@code int} socket option ({@link #SO_ERROR} reads and clears the pending error). */
    public static int getsockopt(int fd, int level, int option) {
        return getsockopt(fd, level, option, null);
    }

    /**
     * An {@code int} socket option; a failure's exception names {@code what} (such as {@code "SO_RCVBUF"}), so
     * the caller can tell which option the kernel refused.
     */
    public static int getsockopt(int fd, int level, int option, String what) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment value = frame.scratch;
        MemorySegment length = frame.scratch.asSlice(8, 4);
        length.set(ValueLayout.JAVA_INT, 0, 4);
        int rc;
        try {
            rc = (int) GETSOCKOPT.invokeExact(frame.errnoState, fd, level, option, value, length);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "getsockopt", what);
        return value.get(ValueLayout.JAVA_INT, 0);
    }

    /** Sets an {@code int} socket option. */
    public static void setsockopt(int fd, int level, int option, int value) {
        setsockopt(fd, level, option, value, null);
    }

    /** Sets an {@code int} socket option; a failure's exception names {@code what}. */
    public static void setsockopt(int fd, int level, int option, int value, String what) {
        ThreadFrame frame = ThreadFrame.current();
        frame.scratch.set(ValueLayout.JAVA_INT, 0, value);
        setsockopt(frame, fd, level, option, 4, what);
    }

    /**
     * Sets {@code SO_LINGER}. On with 0 seconds makes {@code close} reset the connection (RST) and drop what is
     * unsent, which is what aborting a connection means.
     */
    public static void setLinger(int fd, boolean on, int seconds) {
        ThreadFrame frame = ThreadFrame.current();
        frame.scratch.set(ValueLayout.JAVA_INT, linger.l_onoff$offset(), on ? 1 : 0);
        frame.scratch.set(ValueLayout.JAVA_INT, linger.l_linger$offset(), seconds);
        setsockopt(frame, fd, SOL_SOCKET, LibC.SO_LINGER(), (int) linger.layout().byteSize(), "SO_LINGER");
    }

    /** {@code SO_LINGER}: the linger time in seconds when it is on, -1 when it is off (as the JDK reports it). */
    public static int getLinger(int fd) {
        ThreadFrame frame = ThreadFrame.current();
        int size = (int) linger.layout().byteSize();
        MemorySegment length = frame.scratch.asSlice(16, 4);
        length.set(ValueLayout.JAVA_INT, 0, size);
        int rc;
        try {
            rc = (int) GETSOCKOPT.invokeExact(frame.errnoState, fd, SOL_SOCKET, LibC.SO_LINGER(), frame.scratch,
                    length);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "getsockopt(SO_LINGER)");
        boolean on = frame.scratch.get(ValueLayout.JAVA_INT, linger.l_onoff$offset()) != 0;
        return on ? frame.scratch.get(ValueLayout.JAVA_INT, linger.l_linger$offset()) : -1;
    }

    private static void setsockopt(ThreadFrame frame, int fd, int level, int option, int length, String what) {
        int rc;
        try {
            rc = (int) SETSOCKOPT.invokeExact(frame.errnoState, fd, level, option, frame.scratch, length);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "setsockopt", what);
    }

    /** Shuts down reading ({@link #SHUT_RD}), writing ({@link #SHUT_WR}) or both of a connected socket. */
    public static void shutdown(int fd, int how) {
        ThreadFrame frame = ThreadFrame.current();
        int rc;
        try {
            rc = (int) SHUTDOWN.invokeExact(frame.errnoState, fd, how);
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
        Call.check(rc, frame, "shutdown");
    }

    /**
     * {@code writev} of the first {@code count} entries of {@code iov} (native, see {@link IoVec}). Returns the
     * bytes written or {@link Syscalls#WOULD_BLOCK}. On a socket whose peer is gone this raises SIGPIPE, which the
     * JVM ignores; sockets use {@link #sendmsg} with {@link #MSG_NOSIGNAL} so that never matters.
     */
    public static long writev(int fd, MemorySegment iov, int count) {
        ThreadFrame frame = ThreadFrame.current();
        try {
            long n;
            do {
                n = Call.outcome((long) WRITEV.invokeExact(frame.errnoState, fd, iov, count), frame,
                        "writev");
            } while (n == Call.RETRY);
            return n;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /**
     * {@code sendmsg} of the first {@code count} entries of {@code iov} (native, see {@link IoVec}) with
     * {@code flags} ({@link #MSG_NOSIGNAL}): the gathered write of a connected socket. Returns the bytes sent or
     * {@link Syscalls#WOULD_BLOCK}.
     */
    public static long sendmsg(int fd, MemorySegment iov, int count, int flags) {
        ThreadFrame frame = ThreadFrame.current();
        // Field by field rather than a zeroed slice: this is every flush's path, and it allocates nothing.
        MemorySegment header = frame.scratch;
        header.set(ValueLayout.ADDRESS, MSG_NAME, MemorySegment.NULL);
        header.set(ValueLayout.JAVA_INT, MSG_NAMELEN, 0);
        header.set(ValueLayout.ADDRESS, MSG_IOV, iov);
        header.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, count);
        header.set(ValueLayout.ADDRESS, MSG_CONTROL, MemorySegment.NULL);
        header.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, 0L);
        header.set(ValueLayout.JAVA_INT, MSG_FLAGS, 0);
        return sendmsg(frame, fd, header, flags);
    }

    /** {@code sendmsg} of the message {@code header} describes (any family: {@link UnixSockets} shares it). */
    static long sendmsg(ThreadFrame frame, int fd, MemorySegment header, int flags) {
        try {
            long n;
            do {
                n = Call.outcome((long) SENDMSG.invokeExact(frame.errnoState, fd, header, flags), frame,
                        "sendmsg");
            } while (n == Call.RETRY);
            return n;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /**
     * {@code send} of {@code length} bytes at {@code offset} of {@code array}, with {@code flags}. Returns the bytes
     * sent or {@link Syscalls#WOULD_BLOCK}.
     */
    public static int send(int fd, byte[] array, int offset, int length, int flags) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment bytes = frame.outgoing(array, offset, length);
        try {
            long n;
            do {
                n = Call.outcome((long) SEND.invokeExact(frame.errnoState, fd, bytes, (long) length, flags),
                        frame, "send");
            } while (n == Call.RETRY);
            return (int) n;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /**
     * {@code sendto} of {@code length} bytes at {@code offset} of {@code array} as one datagram to {@code to}
     * (resolved), or to the connected peer when {@code to} is null. Returns the bytes sent or
     * {@link Syscalls#WOULD_BLOCK}; EINTR is retried. EMSGSIZE (too big for one datagram) and ECONNREFUSED (an ICMP
     * refusal of an earlier datagram, reported on a connected socket) raise like any other errno.
     */
    public static int sendto(int fd, byte[] array, int offset, int length, int flags, InetSocketAddress to) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment name = MemorySegment.NULL;
        int nameLength = 0;
        if (to != null) {
            nameLength = SockAddr.encode(to, frame.scratch);
            name = frame.scratch;
        }
        try {
            return sendto(frame, fd, frame.outgoing(array, offset, length), length, flags, name, nameLength);
        } catch (ErrnoException e) {
            // The destination is named only on failure, so a send builds no string.
            throw to == null ? e : Errno.exception("sendto(" + format(to) + ")", e.errno());
        }
    }

    /**
     * {@code sendto} of {@code length} bytes of {@code bytes} to the address {@code name} of {@code nameLength}
     * bytes (any family: {@link UnixSockets} shares it).
     */
    static int sendto(ThreadFrame frame, int fd, MemorySegment bytes, int length, int flags, MemorySegment name,
            int nameLength) {
        try {
            long n;
            do {
                n = Call.outcome((long) SENDTO.invokeExact(frame.errnoState, fd, bytes, (long) length, flags,
                        name, nameLength), frame, "sendto");
            } while (n == Call.RETRY);
            return (int) n;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /**
     * {@code recvfrom} of one datagram into {@code length} bytes at {@code offset} of {@code array}, writing the
     * sender's address into {@code from} (at least {@link SockAddr#STORAGE_SIZE} bytes). Returns the length the
     * call returned (with {@link #MSG_TRUNC} in {@code flags}: the datagram's real length, which may exceed
     * {@code length}; only {@code length} bytes are stored) or {@link Syscalls#WOULD_BLOCK}. EINTR is retried; a
     * pending socket error (ECONNREFUSED) raises and is cleared by the kernel.
     */
    public static int recvfrom(int fd, byte[] array, int offset, int length, int flags, MemorySegment from) {
        ThreadFrame frame = ThreadFrame.current();
        MemorySegment bytes = frame.incoming(array, offset, length);
        boolean direct = from.isNative() || Handles.CRITICAL_CAPTURE;
        int n = recvfrom(frame, fd, bytes, length, flags, direct ? from : frame.scratch);
        if (n >= 0) {
            frame.landed(bytes, array, offset, Math.min(n, length));
            if (!direct) {
                MemorySegment.copy(frame.scratch, 0, from, 0, SockAddr.STORAGE_SIZE);
            }
        }
        return n;
    }

    /**
     * {@code recvfrom} into {@code bytes}, the sender's address into {@code addr} and its length into
     * {@code frame.scratch} at {@link SockAddr#STORAGE_SIZE} (any family: {@link UnixSockets} shares it).
     */
    static int recvfrom(ThreadFrame frame, int fd, MemorySegment bytes, int length, int flags, MemorySegment addr) {
        MemorySegment addrLength = frame.scratch.asSlice(LENGTH_AT, 4);
        try {
            long n;
            do {
                addrLength.set(ValueLayout.JAVA_INT, 0, SockAddr.STORAGE_SIZE);
                n = Call.outcome((long) RECVFROM.invokeExact(frame.errnoState, fd, bytes, (long) length, flags,
                        addr, addrLength), frame, "recvfrom");
            } while (n == Call.RETRY);
            return (int) n;
        } catch (Throwable t) {
            throw Call.linkageFailure(t);
        }
    }

    /** A close-on-exec duplicate of {@code fd} ({@code F_DUPFD_CLOEXEC}), sharing its open socket. */
    public static int dup(int fd) {
        return Syscalls.fcntl(fd, LibC.F_DUPFD_CLOEXEC(), 0);
    }

    private static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
