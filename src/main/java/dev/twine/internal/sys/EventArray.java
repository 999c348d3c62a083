package dev.twine.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The off-heap {@code epoll_event} array that {@link EPoll#wait} fills, owned with its growth: the JDK's
 * {@code sun.nio.ch.EPoll} event-array accessors, as one object. A poller keeps one across polls; {@link #poll}
 * fills it, {@link #count()}, {@link #events} and {@link #data} read what arrived, and {@link #ensureCapacity}
 * replaces it with a larger one (freeing the old) when more descriptors are watched than one poll can report.
 * Its memory is counted by {@link TrackedArena}, so tests see it freed. Not thread-safe.
 */
public final class EventArray implements AutoCloseable {
    private Arena arena;
    private MemorySegment events;
    private int capacity;
    private int count;

    /** An array for {@code capacity} events. */
    public EventArray(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("an event array needs room for at least one event, not " + capacity);
        }
        arena = TrackedArena.ofShared();
        events = EPoll.allocatePollArray(arena, capacity);
        this.capacity = capacity;
    }

    /** How many events one {@link #poll} can report. */
    public int capacity() {
        return capacity;
    }

    /**
     * Grows the array, doubling, until it holds at least {@code needed} events; the old array is freed, and with
     * it the events of the last poll, so this must not be called while they are still being read.
     */
    public void ensureCapacity(int needed) {
        if (needed <= capacity) {
            return;
        }
        int grown = capacity;
        while (grown < needed) {
            grown = grown > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : grown * 2;
        }
        Arena larger = TrackedArena.ofShared();
        MemorySegment array;
        try {
            array = EPoll.allocatePollArray(larger, grown);
        } catch (RuntimeException | Error e) {
            larger.close();
            throw e;
        }
        arena.close();
        arena = larger;
        events = array;
        capacity = grown;
        count = 0;
    }

    /**
     * Waits on {@code epfd} up to {@code timeoutMillis} (-1: forever, 0: not at all) for up to {@link #capacity()}
     * events; returns how many arrived, also {@link #count()} from now on (0 when a signal interrupted the wait).
     */
    public int poll(int epfd, int timeoutMillis) {
        count = 0;
        count = EPoll.wait(epfd, events, capacity, timeoutMillis);
        return count;
    }

    /** How many events the last {@link #poll} reported. */
    public int count() {
        return count;
    }

    /** The event mask ({@link EPoll#isReadable} and its kin read it) of event {@code i}, below {@link #count()}. */
    public int events(int i) {
        return EPoll.getEvents(events, i);
    }

    /** The user data registered with {@link EPoll#ctl} of event {@code i}, below {@link #count()}. */
    public long data(int i) {
        return EPoll.getData(events, i);
    }

    /** The native memory now in use: for tests, which check that it is freed when it grows and on close. */
    public MemorySegment segment() {
        return events;
    }

    /** Frees the array. Closing twice does nothing. */
    @Override
    public void close() {
        count = 0;
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
