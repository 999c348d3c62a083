package dev.twine.internet.posixbase;

import dev.twine.internal.sys.Syscalls;
import dev.twine.internet.base.ReactorBase;
import dev.twine.internet.base.Waker;
import dev.twine.internet.host.Providers;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IConnector;
import dev.twine.internet.interfaces.IFileDescriptor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IMulticastTransport;
import dev.twine.internet.interfaces.IProtocolFactory;
import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.ITCPProvider;
import dev.twine.internet.interfaces.IDatagramProtocol;
import dev.twine.internet.interfaces.IUDPProvider;
import dev.twine.internet.interfaces.IProcessProtocol;
import dev.twine.internet.interfaces.IProcessProvider;
import dev.twine.internet.interfaces.IProcessTransport;
import dev.twine.internet.interfaces.SocketOptions;
import dev.twine.internet.interfaces.SpawnOptions;
import dev.twine.internet.interfaces.IUDPTransport;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.IConnectedDatagramProtocol;
import dev.twine.internet.interfaces.IUNIXConnectedDatagramTransport;
import dev.twine.internet.interfaces.IUNIXDatagramTransport;
import dev.twine.internet.interfaces.IUNIXProvider;
import dev.twine.internet.interfaces.ISSLProvider;
import dev.twine.internet.interfaces.ITLSContextFactory;
import dev.twine.internet.interfaces.IWriteDescriptor;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A reactor for file descriptors: Twisted's {@code posixbase.PosixReactorBase}. It owns the waker, the rules for
 * disconnecting a descriptor, and the factories of transports ({@code listenTCP}, {@code connectTCP},
 * {@code adoptStreamPort}...). The transports sit in packages above this one, so it finds them as services
 * instead of importing them.
 */
public abstract class PosixReactorBase extends ReactorBase implements IReactor, DisconnectSelectableMixin {

    protected PosixReactorBase() {
    }

    /**
     * Whether this JVM's non-blocking system calls use critical downcall handles, which take heap arrays in place
     * (JDK 24 and later), rather than capturing handles that copy through native memory (JDK 22-23, or
     * {@code -Dtwine.criticalHandles=false}). For reports such as the demo's, which cannot see the syscall layer.
     */
    public static boolean usesCriticalHandles() {
        return Syscalls.usesCriticalHandles();
    }

    /** Whether this reactor ever spawned a child, so {@link #closeProcesses()} has something to release. */
    private boolean spawnedProcesses;

    @Override
    public IProcessTransport spawnProcess(IProcessProtocol processProtocol, String executable, List<String> args,
            SpawnOptions options) {
        checkThread("spawnProcess");
        ensureOpen();
        IProcessTransport process = Providers.get(IProcessProvider.class).spawnProcess(this, processProtocol,
                executable, args, options);
        spawnedProcesses = true;
        return process;
    }

    /**
     * For {@link #close()}: children still running are left running (as Twisted leaves them), their pipes are
     * closed, and each is reaped by a daemon thread when it exits, so none stays a zombie or keeps a descriptor.
     */
    protected void closeProcesses() {
        if (spawnedProcesses) {
            Providers.get(IProcessProvider.class).reactorClosing(this);
        }
    }

    @Override
    public IListeningPort listenUNIX(String address, IProtocolFactory factory, int backlog, int mode,
            boolean wantPID) {
        checkThread("listenUNIX");
        ensureOpen();
        return Providers.get(IUNIXProvider.class).listenUNIX(this, address, factory, backlog, mode, wantPID);
    }

    @Override
    public IConnector connectUNIX(String address, IClientFactory factory, double timeoutSeconds, boolean checkPID) {
        checkThread("connectUNIX");
        ensureOpen();
        return Providers.get(IUNIXProvider.class).connectUNIX(this, address, factory, timeoutSeconds, checkPID);
    }

    @Override
    public IUNIXDatagramTransport listenUNIXDatagram(String address, IDatagramProtocol protocol, int maxPacketSize,
            int mode) {
        checkThread("listenUNIXDatagram");
        ensureOpen();
        return Providers.get(IUNIXProvider.class).listenUNIXDatagram(this, address, protocol, maxPacketSize, mode);
    }

    @Override
    public IUNIXConnectedDatagramTransport connectUNIXDatagram(String address, IConnectedDatagramProtocol protocol,
            int maxPacketSize, int mode, String bindAddress) {
        checkThread("connectUNIXDatagram");
        ensureOpen();
        return Providers.get(IUNIXProvider.class).connectUNIXDatagram(this, address, protocol, maxPacketSize, mode,
                bindAddress);
    }

    @Override
    public IUDPTransport listenUDP(int port, IDatagramProtocol protocol, String iface, int maxPacketSize) {
        return listenUDP(port, protocol, iface, maxPacketSize, SocketOptions.none());
    }

    @Override
    public IUDPTransport listenUDP(int port, IDatagramProtocol protocol, String iface, int maxPacketSize,
            SocketOptions options) {
        checkThread("listenUDP");
        ensureOpen();
        return Providers.get(IUDPProvider.class).listenUDP(this, port, protocol, iface, maxPacketSize,
                Objects.requireNonNull(options, "options"));
    }

    @Override
    public IMulticastTransport listenMulticast(int port, IDatagramProtocol protocol, String iface,
            int maxPacketSize, boolean listenMultiple) {
        checkThread("listenMulticast");
        ensureOpen();
        return Providers.get(IUDPProvider.class).listenMulticast(this, port, protocol, iface, maxPacketSize,
                listenMultiple);
    }

    @Override
    public IListeningPort adoptDatagramPort(int fd, ProtocolFamily family, IDatagramProtocol protocol,
            int maxPacketSize) {
        checkThread("adoptDatagramPort");
        ensureOpen();
        return Providers.get(IUDPProvider.class).adoptDatagramPort(this, fd, family, protocol, maxPacketSize);
    }

    @Override
    public IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface) {
        return listenTCP(port, factory, backlog, iface, SocketOptions.none());
    }

    @Override
    public IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface,
            SocketOptions options) {
        checkThread("listenTCP");
        ensureOpen();
        return Providers.get(ITCPProvider.class).listenTCP(this, port, factory, backlog, iface,
                Objects.requireNonNull(options, "options"));
    }

    @Override
    public IConnector connectTCP(String host, int port, IClientFactory factory, double timeoutSeconds,
            InetSocketAddress bindAddress) {
        checkThread("connectTCP");
        ensureOpen();
        return Providers.get(ITCPProvider.class).connectTCP(this, host, port, factory, timeoutSeconds, bindAddress);
    }

    @Override
    public IListeningPort listenSSL(int port, IProtocolFactory factory, ITLSContextFactory contextFactory,
            int backlog, String iface) {
        checkThread("listenSSL");
        ensureOpen();
        return Providers.get(ISSLProvider.class).listenSSL(this, port, factory, contextFactory, backlog, iface);
    }

    @Override
    public IConnector connectSSL(String host, int port, IClientFactory factory, ITLSContextFactory contextFactory,
            double timeoutSeconds, InetSocketAddress bindAddress) {
        checkThread("connectSSL");
        ensureOpen();
        return Providers.get(ISSLProvider.class).connectSSL(this, host, port, factory, contextFactory, timeoutSeconds,
                bindAddress);
    }

    @Override
    public IListeningPort adoptStreamPort(int fd, ProtocolFamily family, IProtocolFactory factory) {
        checkThread("adoptStreamPort");
        ensureOpen();
        if (family == java.net.StandardProtocolFamily.UNIX) {
            return Providers.get(IUNIXProvider.class).adoptStreamPort(this, fd, factory);
        }
        return Providers.get(ITCPProvider.class).adoptStreamPort(this, fd, family, factory);
    }

    @Override
    public void adoptStreamConnection(int fd, ProtocolFamily family, IProtocolFactory factory) {
        checkThread("adoptStreamConnection");
        ensureOpen();
        if (family == java.net.StandardProtocolFamily.UNIX) {
            Providers.get(IUNIXProvider.class).adoptStreamConnection(this, fd, factory);
            return;
        }
        Providers.get(ITCPProvider.class).adoptStreamConnection(this, fd, family, factory);
    }

    /** Installs the waker that lets other threads and signals interrupt a sleeping poll (once). */
    public void installWaker() {
        if (waker == null) {
            waker = wakerFactory();
            addInternalReader(waker);
        }
    }

    /** The waker to install: an eventfd. */
    protected Waker wakerFactory() {
        return new EventFdWaker();
    }

    /** Removes and closes the waker; for {@link #close()}. */
    protected void uninstallWaker() {
        Waker w = waker;
        if (w != null) {
            removeInternalReader(w);
            waker = null;
            w.close();
        }
    }

    /**
     * Removes every reader and writer but the reactor's own, and returns them: the body of {@code removeAll}
     * for subclasses, as Twisted's {@code _removeAll}.
     */
    protected List<IFileDescriptor> removeAll(Collection<? extends IReadDescriptor> readers,
            Collection<? extends IWriteDescriptor> writers) {
        Set<IFileDescriptor> removed = new LinkedHashSet<>();
        for (IReadDescriptor reader : readers) {
            if (!internalReaders.contains(reader)) {
                removeReader(reader);
                removed.add(reader);
            }
        }
        for (IWriteDescriptor writer : writers) {
            removeWriter(writer);
            removed.add(writer);
        }
        return new ArrayList<>(removed);
    }
}
