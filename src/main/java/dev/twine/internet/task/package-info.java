/**
 * Scheduling helpers on top of the reactor's timed calls: {@link dev.twine.internet.task.LoopingCall},
 * {@link dev.twine.internet.task.Clock} (a fake clock for tests) and {@code deferLater}. It depends on {@code base},
 * {@code host} (the thread check), {@code defer}, {@code scheduling} and {@code interfaces}, never on a transport.
 * Corresponds to Twisted's {@code twisted.internet.task}.
 */
package dev.twine.internet.task;
