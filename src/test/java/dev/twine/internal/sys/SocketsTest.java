package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.twine.internal.linux.LibC;
import dev.twine.internet.error.ErrnoException;
import dev.twine.testing.Fds;
import dev.twine.testing.ResourceSnapshot;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Sockets} on real loopback sockets (127.0.0.1 and ::1 only), one behaviour each. */
@Timeout(20)
class SocketsTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress LOOPBACK6 = InetAddress.ofLiteral("::1");

    private ResourceSnapshot before;
    private Fds fds;
    private int epfd;
    private final MemorySegment events = Arena.ofAuto().allocate(EPoll.EVENT_SIZE * 4, 8);

    @BeforeEach
    void snapshot() {
        ThreadFrame.current().bounce(SyscallsTest.BOUNCE_BYTES);
        before = ResourceSnapshot.take();
        fds = new Fds();
        epfd = fds.track(EPoll.create())[0];
    }

    @AfterEach
    void nothingLeaked() {
        fds.close();
        before.assertNothingLeaked();
    }

    /** Waits (bounded) until {@code fd} reports {@code mask}; returns the events seen. */
    private int await(int fd, int mask) {
        assertThat(EPoll.ctl(epfd, EPoll.EPOLL_CTL_ADD, fd, mask, fd)).isZero();
        try {
            int n = EPoll.wait(epfd, events, 4, 5_000);
            assertThat(n).as("descriptor %d ready in time", fd).isEqualTo(1);
            return EPoll.getEvents(events, 0);
        } finally {
            EPoll.ctl(epfd, EPoll.EPOLL_CTL_DEL, fd, 0, 0);
        }
    }

    private int listener(InetAddress address) {
        int s = fds.track(Sockets.socket(address instanceof java.net.Inet6Address ? Sockets.AF_INET6
                : Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        Sockets.setsockopt(s, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1);
        if (address instanceof java.net.Inet6Address) {
            Sockets.setsockopt(s, Sockets.IPPROTO_IPV6, Sockets.IPV6_V6ONLY, 1);
        }
        Sockets.bind(s, new InetSocketAddress(address, 0));
        Sockets.listen(s, 16);
        return s;
    }

    /** {@code {client, server}}: a connected pair over loopback. */
    private int[] connectedPair(InetAddress address) {
        int l = listener(address);
        int port = Sockets.getsockname(l).getPort();
        int c = fds.track(Sockets.socket(address instanceof java.net.Inet6Address ? Sockets.AF_INET6
                : Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        int rc = Sockets.connect(c, new InetSocketAddress(address, port));
        assertThat(rc).isIn(0, Errno.EINPROGRESS);
        await(l, EPoll.EPOLLIN);
        MemorySegment peer = SockAddr.allocateHeap();
        int s = Sockets.accept(l, peer);
        assertThat(s).isNotNegative();
        fds.track(s);
        assertThat(SockAddr.decode(peer)).isEqualTo(Sockets.getsockname(c));
        await(c, EPoll.EPOLLOUT);
        assertThat(Sockets.getsockopt(c, Sockets.SOL_SOCKET, Sockets.SO_ERROR)).isZero();
        fds.close(l);
        return new int[] {c, s};
    }

    @Test
    void listenConnectAcceptOnIPv4Loopback() {
        int[] pair = connectedPair(LOOPBACK);
        assertThat(Sockets.getpeername(pair[0])).isEqualTo(Sockets.getsockname(pair[1]));
        assertThat(Sockets.getpeername(pair[1])).isEqualTo(Sockets.getsockname(pair[0]));
        // accepted sockets are non-blocking and close-on-exec, like the ones socket() makes
        assertThat(Syscalls.fcntl(pair[1], LibC.F_GETFL(), 0) & Syscalls.O_NONBLOCK).isNotZero();
        assertThat(Syscalls.fcntl(pair[1], LibC.F_GETFD(), 0) & LibC.FD_CLOEXEC()).isNotZero();
        assertThat(Syscalls.fcntl(pair[0], LibC.F_GETFD(), 0) & LibC.FD_CLOEXEC()).isNotZero();
    }

    @Test
    void acceptIntoNativeBufferAndWouldBlock() {
        int l = listener(LOOPBACK);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment peer = arena.allocate(SockAddr.STORAGE_SIZE, 8);
            assertThat(Sockets.accept(l, peer)).isEqualTo(Syscalls.WOULD_BLOCK);
            int c = fds.track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
            Sockets.connect(c, Sockets.getsockname(l));
            await(l, EPoll.EPOLLIN);
            int s = fds.track(Sockets.accept(l, peer))[0];
            assertThat(s).isNotNegative();
            assertThat(SockAddr.port(peer)).isEqualTo(Sockets.getsockname(c).getPort());
            assertThat(SockAddr.host(peer)).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void integerOptions() {
        int[] pair = connectedPair(LOOPBACK);
        int c = pair[0];
        assertThat(Sockets.getsockopt(c, Sockets.SOL_SOCKET, Sockets.SO_TYPE)).isEqualTo(Sockets.SOCK_STREAM);
        assertThat(Sockets.getsockopt(c, Sockets.SOL_SOCKET, Sockets.SO_DOMAIN)).isEqualTo(Sockets.AF_INET);
        Sockets.setsockopt(c, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);
        assertThat(Sockets.getsockopt(c, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY)).isNotZero();
        Sockets.setsockopt(c, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 0);
        assertThat(Sockets.getsockopt(c, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY)).isZero();
        Sockets.setsockopt(c, Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE, 1);
        assertThat(Sockets.getsockopt(c, Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE)).isNotZero();
        int udp = fds.track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_DGRAM))[0];
        assertThat(Sockets.getsockopt(udp, Sockets.SOL_SOCKET, Sockets.SO_TYPE)).isEqualTo(Sockets.SOCK_DGRAM);
        assertThatThrownBy(() -> Sockets.getsockopt(c, Sockets.SOL_SOCKET, 12345))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.call()).isEqualTo("getsockopt"));
    }

    @Test
    void bindingAPortInUseIsEaddrinuse() {
        int l = listener(LOOPBACK);
        int port = Sockets.getsockname(l).getPort();
        int other = fds.track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        assertThatThrownBy(() -> Sockets.bind(other, new InetSocketAddress(LOOPBACK, port)))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EADDRINUSE);
                    assertThat(e.call()).isEqualTo("bind(127.0.0.1:" + port + ")");
                });
    }

    @Test
    void connectToAClosedPortIsRefused() {
        int l = listener(LOOPBACK);
        InetSocketAddress gone = Sockets.getsockname(l);
        fds.close(l);
        int c = fds.track(Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM))[0];
        int error;
        try {
            Sockets.connect(c, gone);
            await(c, EPoll.EPOLLOUT);
            error = Sockets.getsockopt(c, Sockets.SOL_SOCKET, Sockets.SO_ERROR);
        } catch (ErrnoException e) {
            error = e.errno();
        }
        assertThat(Errno.name(error)).isEqualTo("ECONNREFUSED");
    }

    @Test
    void gatheredWritesSendEveryEntryInOrder() {
        int[] pair = connectedPair(LOOPBACK);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iov = IoVec.threadArray();
            assertThat(iov.byteSize()).isEqualTo(IoVec.MAX * IoVec.SIZE);
            String[] parts = {"alpha ", "beta ", "", "gamma"};
            for (int i = 0; i < parts.length; i++) {
                MemorySegment text = arena.allocateFrom(parts[i]);
                IoVec.set(iov, i, text.address(), parts[i].length());
            }
            assertThat(IoVec.length(iov, 1)).isEqualTo(5);
            assertThat(Sockets.sendmsg(pair[0], iov, 4, Sockets.MSG_NOSIGNAL)).isEqualTo(16);
            MemorySegment more = arena.allocateFrom("!");
            IoVec.set(iov, 0, more.address(), 1);
            assertThat(Sockets.writev(pair[0], iov, 1)).isEqualTo(1);
        }
        await(pair[1], EPoll.EPOLLIN);
        assertThat(readAll(pair[1], 17)).isEqualTo("alpha beta gamma!");
    }

    @Test
    void sendFromHeapArray() {
        int[] pair = connectedPair(LOOPBACK);
        byte[] bytes = "..hello..".getBytes(StandardCharsets.US_ASCII);
        assertThat(Sockets.send(pair[0], bytes, 2, 5, Sockets.MSG_NOSIGNAL)).isEqualTo(5);
        await(pair[1], EPoll.EPOLLIN);
        assertThat(readAll(pair[1], 5)).isEqualTo("hello");
    }

    @Test
    void fullSocketBufferWouldBlock() {
        int[] pair = connectedPair(LOOPBACK);
        byte[] block = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = Sockets.send(pair[0], block, 0, block.length, Sockets.MSG_NOSIGNAL)) != Syscalls.WOULD_BLOCK) {
            total += n;
            assertThat(total).as("the kernel buffer is finite").isLessThan(256L << 20);
        }
        assertThat(total).isPositive();
    }

    @Test
    void shutdownWriteGivesThePeerEndOfFile() {
        int[] pair = connectedPair(LOOPBACK);
        Sockets.shutdown(pair[0], Sockets.SHUT_WR);
        await(pair[1], EPoll.EPOLLIN);
        assertThat(Syscalls.read(pair[1], new byte[8], 0, 8)).isZero();
        // the other direction still works
        assertThat(Syscalls.write(pair[1], new byte[] {7}, 0, 1)).isEqualTo(1);
        await(pair[0], EPoll.EPOLLIN);
        assertThat(Syscalls.read(pair[0], new byte[8], 0, 8)).isEqualTo(1);
    }

    @Test
    void lingerZeroResetsThePeer() {
        int[] pair = connectedPair(LOOPBACK);
        Sockets.setLinger(pair[0], true, 0);
        fds.close(pair[0]);
        await(pair[1], EPoll.EPOLLIN);
        assertThatThrownBy(() -> Syscalls.read(pair[1], new byte[8], 0, 8))
                .isInstanceOfSatisfying(ErrnoException.class,
                        e -> assertThat(e.errnoName()).isEqualTo("ECONNRESET"));
    }

    /**
     * The JVM ignores SIGPIPE (HotSpot installs a handler that drops it), so even {@code writev}, which has no
     * MSG_NOSIGNAL, only fails with EPIPE; the transports use {@code sendmsg(MSG_NOSIGNAL)} all the same.
     */
    @Test
    void writingToAGonePeerIsEpipeNotSigpipe() {
        for (boolean useWritev : new boolean[] {true, false}) {
            int[] pair = connectedPair(LOOPBACK);
            fds.close(pair[1]);
            int errno = 0;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = arena.allocate(1024);
                MemorySegment iov = IoVec.threadArray();
                for (int i = 0; i < 100 && errno != Errno.EPIPE; i++) {
                    IoVec.set(iov, 0, data.address(), data.byteSize());
                    try {
                        if (useWritev) {
                            Sockets.writev(pair[0], iov, 1);
                        } else {
                            Sockets.sendmsg(pair[0], iov, 1, Sockets.MSG_NOSIGNAL);
                        }
                    } catch (ErrnoException e) {
                        errno = e.errno();
                        assertThat(e.errnoName()).isIn("EPIPE", "ECONNRESET");
                    }
                    if (errno != Errno.EPIPE) {
                        await(pair[0], EPoll.EPOLLOUT | EPoll.EPOLLERR);
                    }
                }
            }
            assertThat(Errno.name(errno)).as(useWritev ? "writev" : "sendmsg").isEqualTo("EPIPE");
        }
    }

    @Test
    void dupIsCloseOnExecAndTheSameSocket() {
        int l = listener(LOOPBACK);
        int copy = fds.track(Sockets.dup(l))[0];
        assertThat(copy).isNotEqualTo(l);
        assertThat(Syscalls.fcntl(copy, LibC.F_GETFD(), 0) & LibC.FD_CLOEXEC()).isNotZero();
        fds.close(l);
        assertThat(Sockets.getsockname(copy).getPort()).isPositive();
        assertThat(Sockets.getsockopt(copy, Sockets.SOL_SOCKET, Sockets.SO_DOMAIN)).isEqualTo(Sockets.AF_INET);
    }

    @Test
    void ipv6LoopbackOnly() {
        assumeThat(ipv6Loopback()).as("this machine has ::1").isTrue();
        int l = listener(LOOPBACK6);
        assertThatThrownBy(() -> Sockets.setsockopt(l, Sockets.IPPROTO_IPV6, Sockets.IPV6_V6ONLY, 0))
                .as("fixed once bound").isInstanceOf(ErrnoException.class);
        int[] pair = connectedPair(LOOPBACK6);
        InetSocketAddress peer = Sockets.getpeername(pair[0]);
        assertThat(peer.getAddress()).isEqualTo(LOOPBACK6);
        MemorySegment name = SockAddr.allocateHeap();
        Sockets.getsockname(pair[1], name);
        assertThat(SockAddr.family(name)).isEqualTo(SockAddr.AF_INET6);
        assertThat(SockAddr.host(name)).isEqualTo("::1");
        assertThat(Sockets.getsockopt(l, Sockets.IPPROTO_IPV6, Sockets.IPV6_V6ONLY)).isNotZero();
    }

    /** Whether a socket can bind ::1 here. */
    static boolean ipv6Loopback() {
        int s;
        try {
            s = Sockets.socket(Sockets.AF_INET6, Sockets.SOCK_STREAM);
        } catch (ErrnoException e) {
            return false;
        }
        try {
            Sockets.bind(s, new InetSocketAddress(LOOPBACK6, 0));
            return true;
        } catch (ErrnoException e) {
            return false;
        } finally {
            Syscalls.close(s);
        }
    }

    private static String readAll(int fd, int length) {
        byte[] buffer = new byte[length];
        int at = 0;
        while (at < length) {
            int n = Syscalls.read(fd, buffer, at, length - at);
            assertThat(n).as("data already arrived on loopback").isPositive();
            at += n;
        }
        return new String(buffer, StandardCharsets.US_ASCII);
    }
}
