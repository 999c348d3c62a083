package dev.twine.internet.interfaces;

/**
 * Everything a reactor offers: what transports and user code hold instead of a concrete reactor class, so they
 * depend only on interfaces.
 */
public interface IReactor extends IReactorCore, IReactorTime, IReactorThreads, IReactorFDSet,
        IReactorPluggableNameResolver, IReactorTCP, IReactorUDP, IReactorMulticast, IReactorSocket,
        IReactorProcess, IReactorUNIX, IReactorUNIXDatagram, IReactorSSL {
}
