package dev.twine.internet.interfaces;

/** UNIX stream servers and clients: Twisted's {@code IReactorUNIX}. */
public interface IReactorUNIX {
    /** Listens on {@code address} with a backlog of 50, mode 0666 and no lock file. */
    default IListeningPort listenUNIX(String address, IProtocolFactory factory) {
        return listenUNIX(address, factory, 50, 0666, false);
    }

    /**
     * Listens on {@code address}: a path (the socket file gets {@code mode} and is removed by
     * {@code stopListening}) or an abstract name starting with {@code "\0"} (never in the filesystem). With
     * {@code wantPID}, a lock file {@code address + ".lock"} holds this process's id: a socket left by a dead
     * owner is removed and reused, while a live owner makes this fail. An abstract name has no file, so
     * {@code mode} and {@code wantPID} do not apply to it (the kernel refuses a second listener on it anyway).
     *
     * @throws IllegalArgumentException if {@code address} is empty or too long for {@code sockaddr_un}
     * @throws dev.twine.internet.error.CannotListenError if the directory is missing, the address is in use or a
     *         live process holds the lock
     */
    IListeningPort listenUNIX(String address, IProtocolFactory factory, int backlog, int mode, boolean wantPID);

    /** Connects to {@code address} with a 30 s timeout and no lock check. */
    default IConnector connectUNIX(String address, IClientFactory factory) {
        return connectUNIX(address, factory, 30, false);
    }

    /**
     * Connects to {@code address} (a path or an abstract name). With {@code checkPID}, a missing lock file or one
     * of a dead process fails the attempt at once with {@link dev.twine.internet.error.BadFileError}. A missing
     * socket or one nobody listens on fails it with a {@link dev.twine.internet.error.ConnectError} whose cause
     * holds the errno (ENOENT, ECONNREFUSED).
     *
     * @throws IllegalArgumentException if {@code address} is empty or too long for {@code sockaddr_un}
     */
    IConnector connectUNIX(String address, IClientFactory factory, double timeoutSeconds, boolean checkPID);
}
