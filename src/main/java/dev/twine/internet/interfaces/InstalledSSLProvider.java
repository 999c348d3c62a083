package dev.twine.internet.interfaces;

import java.util.ServiceLoader;

/** The {@link ISSLProvider} found by {@link ServiceLoader}, looked up once, on first use. */
final class InstalledSSLProvider {
    private static final ISSLProvider PROVIDER = ServiceLoader.load(ISSLProvider.class,
            ISSLProvider.class.getClassLoader()).findFirst().orElse(null);

    private InstalledSSLProvider() {
    }

    static ISSLProvider get() {
        if (PROVIDER == null) {
            throw new UnsupportedOperationException("no TLS layer (ISSLProvider) is installed");
        }
        return PROVIDER;
    }
}
