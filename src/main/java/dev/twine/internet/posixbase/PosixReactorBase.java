package dev.twine.internet.posixbase;

import dev.twine.internet.base.ReactorBase;
import dev.twine.internet.base.Waker;
import dev.twine.internet.interfaces.IFileDescriptor;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.IWriteDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A reactor for file descriptors: Twisted's {@code posixbase.PosixReactorBase}. It owns the waker and the rules
 * for disconnecting a descriptor; the factories of transports ({@code listenTCP}, {@code spawnProcess}, ...) join
 * it as their issues land.
 */
public abstract class PosixReactorBase extends ReactorBase implements DisconnectSelectableMixin {

    protected PosixReactorBase() {
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
