package dev.twine.internet.interfaces;

import dev.twine.python.Failure;

/** What a process transport drives: Twisted's {@code IProcessProtocol}. Every call runs on the reactor thread. */
public interface IProcessProtocol {
    /** The process started: attaches {@code process} and calls {@code connectionMade}. */
    void makeConnection(IProcessTransport process);

    /** The child wrote {@code data} to its descriptor {@code childFD} (a "r" pipe, or the pty as fd 1). */
    void childDataReceived(int childFD, byte[] data);

    /** The pipe of child descriptor {@code childFD} was closed. */
    void childConnectionLost(int childFD);

    /**
     * The child exited and was reaped; pipes may still be open. {@code reason} holds a
     * {@link dev.twine.internet.error.ProcessDone} or {@link dev.twine.internet.error.ProcessTerminated}.
     */
    void processExited(Failure reason);

    /** The child was reaped and every pipe to it is closed: the last call, with the same reason. */
    void processEnded(Failure reason);
}
