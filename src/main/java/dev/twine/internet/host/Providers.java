package dev.twine.internet.host;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The transports the reactor core offers without importing them (TCP, UDP, UNIX sockets, processes, TLS), found
 * with {@link ServiceLoader}: each service is looked up once, on first use, apart from the others, so one missing
 * does not hide the rest.
 */
public final class Providers {
    private static final ClassValue<Optional<?>> FOUND = new ClassValue<>() {
        @Override
        protected Optional<?> computeValue(Class<?> service) {
            return ServiceLoader.load(service, Providers.class.getClassLoader()).findFirst();
        }
    };

    private Providers() {
    }

    /**
     * The installed provider of {@code service}.
     *
     * @throws UnsupportedOperationException if none is installed
     */
    public static <T> T get(Class<T> service) {
        return service.cast(FOUND.get(service).orElseThrow(
                () -> new UnsupportedOperationException("no provider of " + service.getName() + " is installed")));
    }
}
