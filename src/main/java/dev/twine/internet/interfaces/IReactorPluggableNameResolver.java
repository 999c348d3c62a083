package dev.twine.internet.interfaces;

/** A reactor whose name resolution can be replaced: Twisted's {@code IReactorPluggableNameResolver}. */
public interface IReactorPluggableNameResolver {
    /** The resolver now in use. */
    IHostnameResolver nameResolver();

    /** Installs {@code resolver} and returns the one it replaced. */
    IHostnameResolver installNameResolver(IHostnameResolver resolver);

    /** Installs a simple resolver (used by {@code resolve}) and returns the one it replaced. */
    IResolverSimple installResolver(IResolverSimple resolver);
}
