package dev.twine.internet.error;

/**
 * The process exited with a non-zero code or was killed by a signal (Twisted's {@code error.ProcessTerminated}):
 * exactly one of {@link #exitCode()} and {@link #signal()} is non-null.
 */
public class ProcessTerminated extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    private final Integer exitCode;
    private final Integer signal;
    private final int status;

    public ProcessTerminated(Integer exitCode, Integer signal, int status) {
        super(message(exitCode, signal));
        this.exitCode = exitCode;
        this.signal = signal;
        this.status = status;
    }

    private static String message(Integer exitCode, Integer signal) {
        String s = "A process has ended with a probable error condition";
        if (exitCode != null) {
            s += ": process ended with exit code " + exitCode;
        }
        if (signal != null) {
            s += ": process ended by signal " + signal;
        }
        return s + ".";
    }

    /** The exit code, or null if a signal ended the process. */
    public Integer exitCode() {
        return exitCode;
    }

    /** The signal that ended the process, or null if it exited. */
    public Integer signal() {
        return signal;
    }

    /** The raw wait status ({@code code << 8}, or the signal number, {@code | 0x80} with a core dump). */
    public int status() {
        return status;
    }
}
