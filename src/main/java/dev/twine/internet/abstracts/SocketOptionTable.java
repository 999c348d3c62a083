package dev.twine.internet.abstracts;

import dev.twine.internal.sys.Multicast;
import dev.twine.internal.sys.Sockets;
import dev.twine.internet.interfaces.LinuxSocketOptions;
import dev.twine.internet.interfaces.SocketOptions;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;

/**
 * The socket options the transports support ({@link dev.twine.internet.interfaces.IConfigurableSocket}) and how
 * each maps to {@code setsockopt}: its level and name (IPv6 sockets have their own for {@code IP_TOS} and the
 * multicast options), how its value is encoded, its range, and the kinds of socket that take it. Every transport
 * sets and reads its options through here, so they all check values and report errors the same way.
 */
public final class SocketOptionTable {
    private enum Encoding { BOOLEAN, INT, LINGER }

    /**
     * One option: {@code level}/{@code name} on IPv4 and UNIX sockets, {@code level6}/{@code name6} on IPv6 ones,
     * {@code readName} what {@code getsockopt} reads (the FORCE options are write-only: their size is read back
     * as the plain option's).
     */
    private record Entry(String label, int level, int name, int level6, int name6, int readName, Encoding encoding,
            int min, int max, Set<SocketKind> kinds) {
        boolean familySpecific() {
            return level != level6 || name != name6;
        }
    }

    private static final Set<SocketKind> ALL = EnumSet.allOf(SocketKind.class);
    private static final Set<SocketKind> IP = EnumSet.of(SocketKind.TCP, SocketKind.UDP);
    private static final Set<SocketKind> TCP = EnumSet.of(SocketKind.TCP);
    private static final Set<SocketKind> UDP = EnumSet.of(SocketKind.UDP);
    /** The kernel's limits (include/net/tcp.h: MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL, MAX_TCP_KEEPCNT). */
    private static final int MAX_KEEPIDLE = 32767;
    private static final int MAX_KEEPINTVL = 32767;
    private static final int MAX_KEEPCNT = 127;

    private static final Map<SocketOption<?>, Entry> ENTRIES = new LinkedHashMap<>();
    private static final Map<SocketKind, Set<SocketOption<?>>> SUPPORTED = new LinkedHashMap<>();

    static {
        int sol = Sockets.SOL_SOCKET;
        int tcp = Sockets.IPPROTO_TCP;
        sock(StandardSocketOptions.SO_RCVBUF, Sockets.SO_RCVBUF, Encoding.INT, 1, Integer.MAX_VALUE, ALL);
        sock(StandardSocketOptions.SO_SNDBUF, Sockets.SO_SNDBUF, Encoding.INT, 1, Integer.MAX_VALUE, ALL);
        put(LinuxSocketOptions.SO_RCVBUFFORCE, new Entry("SO_RCVBUFFORCE", sol, Sockets.SO_RCVBUFFORCE, sol,
                Sockets.SO_RCVBUFFORCE, Sockets.SO_RCVBUF, Encoding.INT, 1, Integer.MAX_VALUE, ALL));
        put(LinuxSocketOptions.SO_SNDBUFFORCE, new Entry("SO_SNDBUFFORCE", sol, Sockets.SO_SNDBUFFORCE, sol,
                Sockets.SO_SNDBUFFORCE, Sockets.SO_SNDBUF, Encoding.INT, 1, Integer.MAX_VALUE, ALL));
        sock(StandardSocketOptions.SO_REUSEADDR, Sockets.SO_REUSEADDR, Encoding.BOOLEAN, 0, 1, IP);
        sock(StandardSocketOptions.SO_REUSEPORT, Sockets.SO_REUSEPORT, Encoding.BOOLEAN, 0, 1, IP);
        sock(StandardSocketOptions.SO_KEEPALIVE, Sockets.SO_KEEPALIVE, Encoding.BOOLEAN, 0, 1, TCP);
        // Negative: off. As in the JDK, more than 65,535 s is taken as 65,535.
        sock(StandardSocketOptions.SO_LINGER, 0, Encoding.LINGER, Integer.MIN_VALUE, Integer.MAX_VALUE, TCP);
        sock(StandardSocketOptions.SO_BROADCAST, Sockets.SO_BROADCAST, Encoding.BOOLEAN, 0, 1, UDP);
        put(StandardSocketOptions.IP_TOS, new Entry("IP_TOS", Sockets.IPPROTO_IP, Sockets.IP_TOS,
                Sockets.IPPROTO_IPV6, Sockets.IPV6_TCLASS, Sockets.IP_TOS, Encoding.INT, 0, 255, IP));
        put(StandardSocketOptions.IP_MULTICAST_TTL, new Entry("IP_MULTICAST_TTL", Multicast.IPPROTO_IP,
                Multicast.IP_MULTICAST_TTL, Sockets.IPPROTO_IPV6, Multicast.IPV6_MULTICAST_HOPS,
                Multicast.IP_MULTICAST_TTL, Encoding.INT, 0, 255, UDP));
        put(StandardSocketOptions.IP_MULTICAST_LOOP, new Entry("IP_MULTICAST_LOOP", Multicast.IPPROTO_IP,
                Multicast.IP_MULTICAST_LOOP, Sockets.IPPROTO_IPV6, Multicast.IPV6_MULTICAST_LOOP,
                Multicast.IP_MULTICAST_LOOP, Encoding.BOOLEAN, 0, 1, UDP));
        put(StandardSocketOptions.TCP_NODELAY, same("TCP_NODELAY", tcp, Sockets.TCP_NODELAY, Encoding.BOOLEAN, 0, 1));
        put(ExtendedSocketOptions.TCP_KEEPIDLE,
                same("TCP_KEEPIDLE", tcp, Sockets.TCP_KEEPIDLE, Encoding.INT, 1, MAX_KEEPIDLE));
        put(ExtendedSocketOptions.TCP_KEEPINTERVAL,
                same("TCP_KEEPINTERVAL", tcp, Sockets.TCP_KEEPINTVL, Encoding.INT, 1, MAX_KEEPINTVL));
        put(ExtendedSocketOptions.TCP_KEEPCOUNT,
                same("TCP_KEEPCOUNT", tcp, Sockets.TCP_KEEPCNT, Encoding.INT, 1, MAX_KEEPCNT));
        put(ExtendedSocketOptions.TCP_QUICKACK,
                same("TCP_QUICKACK", tcp, Sockets.TCP_QUICKACK, Encoding.BOOLEAN, 0, 1));
        for (SocketKind kind : SocketKind.values()) {
            Set<SocketOption<?>> names = new LinkedHashSet<>();
            ENTRIES.forEach((option, entry) -> {
                if (entry.kinds().contains(kind)) {
                    names.add(option);
                }
            });
            SUPPORTED.put(kind, Collections.unmodifiableSet(names));
        }
    }

    private SocketOptionTable() {
    }

    private static void sock(SocketOption<?> option, int name, Encoding encoding, int min, int max,
            Set<SocketKind> kinds) {
        int sol = Sockets.SOL_SOCKET;
        put(option, new Entry(option.name(), sol, name, sol, name, name, encoding, min, max, kinds));
    }

    /** A TCP option: the same level and name for both families. */
    private static Entry same(String label, int level, int name, Encoding encoding, int min, int max) {
        return new Entry(label, level, name, level, name, name, encoding, min, max, TCP);
    }

    private static void put(SocketOption<?> option, Entry entry) {
        ENTRIES.put(option, entry);
    }

    /** The options a socket of {@code kind} supports: unmodifiable, in a fixed order. */
    public static Set<SocketOption<?>> supported(SocketKind kind) {
        return SUPPORTED.get(kind);
    }

    /**
     * Checks that a socket of {@code kind} takes {@code name} set to {@code value}, as
     * {@link dev.twine.internet.interfaces.IConfigurableSocket#setOption} documents, without any system call.
     */
    public static <T> void check(SocketKind kind, SocketOption<T> name, T value) {
        Entry entry = entry(kind, name);
        if (value == null || !name.type().isInstance(value)) {
            throw new IllegalArgumentException("option " + entry.label() + " takes a "
                    + name.type().getSimpleName() + ", not " + (value == null ? "null" : value.getClass().getName()));
        }
        if (entry.encoding() == Encoding.LINGER && (Integer) value > 0) {
            // A lingering close() blocks, non-blocking socket or not, until the peer acknowledges or the time runs
            // out: on a reactor's thread a slow or hostile peer would stall every connection for that long.
            throw new IllegalArgumentException("option SO_LINGER must be negative (off) or 0 (reset on close), was "
                    + value + ": a lingering close would block the reactor thread");
        }
        if (entry.encoding() == Encoding.INT) {
            int v = (Integer) value;
            if (v < entry.min() || v > entry.max()) {
                throw new IllegalArgumentException("option " + entry.label() + " must be in " + entry.min() + ".."
                        + entry.max() + ", was " + v);
            }
        }
    }

    /** Checks every option of {@code options} as {@link #check(SocketKind, SocketOption, Object)} does. */
    public static void check(SocketKind kind, SocketOptions options) {
        for (SocketOption<?> name : options.names()) {
            checkOne(kind, name, options);
        }
    }

    private static <T> void checkOne(SocketKind kind, SocketOption<T> name, SocketOptions options) {
        check(kind, name, options.get(name));
    }

    /** Sets every option of {@code options} on {@code fd}, a socket of {@code kind}, in their order. */
    public static void apply(int fd, SocketKind kind, SocketOptions options) {
        for (SocketOption<?> name : options.names()) {
            applyOne(fd, kind, name, options);
        }
    }

    private static <T> void applyOne(int fd, SocketKind kind, SocketOption<T> name, SocketOptions options) {
        set(fd, kind, name, options.get(name));
    }

    /**
     * Sets {@code name} to {@code value} on {@code fd}, a socket of {@code kind} (-1: closed).
     *
     * @throws IllegalStateException if {@code fd} is negative (the transport is closed)
     */
    public static <T> void set(int fd, SocketKind kind, SocketOption<T> name, T value) {
        check(kind, name, value);
        Entry entry = ENTRIES.get(name);
        open(fd, entry);
        boolean v6 = entry.familySpecific() && isV6(fd);
        int level = v6 ? entry.level6() : entry.level();
        int option = v6 ? entry.name6() : entry.name();
        switch (entry.encoding()) {
            case BOOLEAN -> Sockets.setsockopt(fd, level, option, (Boolean) value ? 1 : 0, entry.label());
            case INT -> Sockets.setsockopt(fd, level, option, (Integer) value, entry.label());
            case LINGER -> {
                int seconds = (Integer) value;
                Sockets.setLinger(fd, seconds >= 0, seconds < 0 ? 0 : Math.min(seconds, 65_535));
            }
        }
    }

    /**
     * The value of {@code name} on {@code fd}, a socket of {@code kind}.
     *
     * @throws IllegalStateException if {@code fd} is negative (the transport is closed)
     */
    public static <T> T get(int fd, SocketKind kind, SocketOption<T> name) {
        Entry entry = entry(kind, name);
        open(fd, entry);
        boolean v6 = entry.familySpecific() && isV6(fd);
        int level = v6 ? entry.level6() : entry.level();
        int option = v6 ? entry.name6() : entry.readName();
        Object value = switch (entry.encoding()) {
            case BOOLEAN -> Sockets.getsockopt(fd, level, option, entry.label()) != 0;
            case INT -> Sockets.getsockopt(fd, level, option, entry.label());
            case LINGER -> Sockets.getLinger(fd);
        };
        return name.type().cast(value);
    }

    private static Entry entry(SocketKind kind, SocketOption<?> name) {
        Objects.requireNonNull(name, "name");
        Entry entry = ENTRIES.get(name);
        if (entry == null || !entry.kinds().contains(kind)) {
            throw new UnsupportedOperationException("a " + kind + " socket does not support option " + name.name()
                    + "; it supports " + supported(kind));
        }
        return entry;
    }

    private static void open(int fd, Entry entry) {
        if (fd < 0) {
            throw new IllegalStateException("cannot use option " + entry.label() + ": the socket is closed");
        }
    }

    private static boolean isV6(int fd) {
        return Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_DOMAIN) == Sockets.AF_INET6;
    }
}
