package dev.twine.internet.interfaces;

import java.net.SocketOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Socket options to set on a new socket before it is bound, for
 * {@link IReactorTCP#listenTCP(int, IProtocolFactory, int, String, SocketOptions)} and
 * {@link IReactorUDP#listenUDP(int, IDatagramProtocol, String, int, SocketOptions)}: an immutable map from
 * option to value, built fluently and applied in the order the options were first given.
 *
 * <pre>{@code
 * SocketOptions options = SocketOptions.of(StandardSocketOptions.SO_REUSEPORT, true)
 *         .with(StandardSocketOptions.SO_RCVBUF, 4 << 20);
 * reactor.listenUDP(5353, protocol, "127.0.0.1", 8192, options);
 * }</pre>
 *
 * <p>Whether the transport supports each option, and each value's range, is checked by the listen call before it
 * makes a socket (see {@link IConfigurableSocket}).
 */
public final class SocketOptions {
    private static final SocketOptions NONE = new SocketOptions(Map.of());

    private final Map<SocketOption<?>, Object> values;

    private SocketOptions(Map<SocketOption<?>, Object> values) {
        this.values = values;
    }

    /** No options: what the listen calls without an options argument use. */
    public static SocketOptions none() {
        return NONE;
    }

    /** Just {@code name} set to {@code value}. */
    public static <T> SocketOptions of(SocketOption<T> name, T value) {
        return NONE.with(name, value);
    }

    /**
     * These options with {@code name} set to {@code value} (replacing its value here, if any, in its place).
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code value} is null or not of the option's type
     */
    public <T> SocketOptions with(SocketOption<T> name, T value) {
        Objects.requireNonNull(name, "name");
        if (value == null || !name.type().isInstance(value)) {
            throw new IllegalArgumentException("option " + name.name() + " takes a " + name.type().getSimpleName()
                    + ", not " + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        Map<SocketOption<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new SocketOptions(Collections.unmodifiableMap(copy));
    }

    /** The value given for {@code name}, or null when none was. */
    public <T> T get(SocketOption<T> name) {
        return name.type().cast(values.get(name));
    }

    /** The options given, in the order they will be set. */
    public Set<SocketOption<?>> names() {
        return values.keySet();
    }

    /** Whether no option is given. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SocketOptions other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "SocketOptions" + values;
    }
}
