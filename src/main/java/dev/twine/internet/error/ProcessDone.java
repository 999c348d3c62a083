package dev.twine.internet.error;

/** The process exited with code 0 (Twisted's {@code error.ProcessDone}): exitCode 0, no signal. */
public class ProcessDone extends ConnectionDone {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** {@code status}: the wait status the child was reaped with. */
    public ProcessDone(int status) {
        super("A process has ended without apparent errors: process finished with exit code 0.");
        this.status = status;
    }

    /** Always 0. */
    public Integer exitCode() {
        return 0;
    }

    /** Always null: the process was not killed by a signal. */
    public Integer signal() {
        return null;
    }

    /** The raw wait status. */
    public int status() {
        return status;
    }
}
