package dev.twine.internet.interfaces;

import dev.twine.python.ThreadPool;

/** The reactor's worker thread pool: Twisted's {@code IReactorThreads}. */
public interface IReactorThreads extends IReactorFromThreads {
    /** The pool, created and started on first use and stopped at reactor shutdown. */
    ThreadPool getThreadPool();

    /** Runs {@code callable} on a pool thread. */
    void callInThread(Runnable callable);

    /** Sets the pool's maximum size. */
    void suggestThreadPoolSize(int size);
}
