package dev.twine.internet.interfaces;

/**
 * A running child process as its protocol sees it: Twisted's {@code IProcessTransport}. {@link #write(byte[])}
 * writes to the child's stdin (fd 0); {@link #loseConnection()} closes stdin, stdout and stderr.
 */
public interface IProcessTransport extends ITransport {
    /** The child's process id, or -1 once it has been reaped. */
    int pid();

    /**
     * Queues {@code data} for the "w" pipe of child descriptor {@code childFD}.
     *
     * @throws IllegalArgumentException if {@code childFD} has no open "w" pipe
     * @throws UnsupportedOperationException for a pty child (write to it with {@link #write(byte[])})
     */
    void writeToChild(int childFD, byte[] data);

    /**
     * Closes the pipe of child descriptor {@code childFD} (a "w" pipe after pending writes drain); nothing if it is
     * closed already.
     *
     * @throws UnsupportedOperationException for a pty child (close it with {@link #loseConnection()})
     */
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
