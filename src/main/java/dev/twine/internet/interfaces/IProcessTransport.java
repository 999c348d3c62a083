package dev.twine.internet.interfaces;

/**
 * A running child process as its protocol sees it: Twisted's {@code IProcessTransport}. {@link #write(byte[])}
 * writes to the child's stdin (fd 0); {@link #loseConnection()} closes stdin, stdout and stderr.
 */
public interface IProcessTransport extends ITransport {
    /** The child's process id, or -1 once it has been reaped. */
    int pid();

    /** Queues {@code data} for the "w" pipe of child descriptor {@code childFD} (the pty for any fd of a pty child). */
    void writeToChild(int childFD, byte[] data);

    /** Closes the pipe of child descriptor {@code childFD} (after pending writes to it drain). */
    void closeChildFD(int childFD);

    void closeStdin();

    void closeStdout();

    void closeStderr();

    /**
     * Sends a signal: {@code "TERM"}, {@code "KILL"}, {@code "INT"}, {@code "HUP"}, {@code "STOP"}, {@code "CONT"},
     * {@code "USR1"}, {@code "USR2"} or the number as a string. Goes through the process descriptor, so a pid
     * recycled by another process is never signalled.
     *
     * @throws dev.twine.internet.error.ProcessExitedAlready if the child has exited
     */
    void signalProcess(String signal);

    /** {@link #signalProcess(String)} by number. */
    void signalProcess(int signal);

    /** Sets the window size of a pty child's terminal. @throws IllegalStateException for a child without a pty */
    void setWindowSize(int rows, int columns);
}
