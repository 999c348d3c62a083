package dev.twine.internet.posixbase;

import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IFileDescriptor;
import dev.twine.internet.interfaces.IReactorTime;
import dev.twine.internet.interfaces.IReadDescriptor;
import dev.twine.internet.interfaces.IWriteDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Descriptors epoll refuses (regular files, some character devices: EPERM), treated as always ready and polled on
 * every reactor pass for as long as any are registered: Twisted's {@code _ContinuousPolling}. This keeps the
 * reactor busy by design, as a regular file is always readable until its reader reaches its end.
 */
public final class ContinuousPolling implements PollLikeMixin {
    private static final int POLL_DISCONNECTED = 1;
    private static final int POLL_IN = 2;
    private static final int POLL_OUT = 4;

    private final IReactorTime reactor;
    private final Set<IReadDescriptor> readers = new LinkedHashSet<>();
    private final Set<IWriteDescriptor> writers = new LinkedHashSet<>();
    private IDelayedCall loop;

    public ContinuousPolling(IReactorTime reactor) {
        this.reactor = reactor;
    }

    private void checkLoop() {
        if (!readers.isEmpty() || !writers.isEmpty()) {
            if (loop == null) {
                loop = reactor.callLater(0, this::iterate);
            }
        } else if (loop != null) {
            loop.cancel();
            loop = null;
        }
    }

    /** One pass over every registered descriptor; reschedules itself while any remain. */
    void iterate() {
        loop = null;
        for (IReadDescriptor reader : new ArrayList<>(readers)) {
            if (readers.contains(reader)) {
                doReadOrWrite(reader, -1, POLL_IN);
            }
        }
        for (IWriteDescriptor writer : new ArrayList<>(writers)) {
            if (writers.contains(writer)) {
                doReadOrWrite(writer, -1, POLL_OUT);
            }
        }
        checkLoop();
    }

    public void addReader(IReadDescriptor reader) {
        readers.add(reader);
        checkLoop();
    }

    public void addWriter(IWriteDescriptor writer) {
        writers.add(writer);
        checkLoop();
    }

    @Override
    public void removeReader(IReadDescriptor reader) {
        readers.remove(reader);
        checkLoop();
    }

    @Override
    public void removeWriter(IWriteDescriptor writer) {
        writers.remove(writer);
        checkLoop();
    }

    /** Removes every descriptor and returns them. */
    public List<IFileDescriptor> removeAll() {
        Set<IFileDescriptor> all = new LinkedHashSet<>(readers);
        all.addAll(writers);
        readers.clear();
        writers.clear();
        checkLoop();
        return new ArrayList<>(all);
    }

    public List<IReadDescriptor> getReaders() {
        return new ArrayList<>(readers);
    }

    public List<IWriteDescriptor> getWriters() {
        return new ArrayList<>(writers);
    }

    public boolean isReading(IFileDescriptor descriptor) {
        return readers.contains(descriptor);
    }

    public boolean isWriting(IFileDescriptor descriptor) {
        return writers.contains(descriptor);
    }

    @Override
    public boolean isReading(IFileDescriptor selectable, int fd) {
        return readers.contains(selectable);
    }

    @Override
    public int pollDisconnected() {
        return POLL_DISCONNECTED;
    }

    @Override
    public int pollIn() {
        return POLL_IN;
    }

    @Override
    public int pollOut() {
        return POLL_OUT;
    }
}
