package dev.twine.python;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * An exception captured as a value, so it can travel down a {@code Deferred}'s errback chain and be inspected,
 * filtered and re-raised later: Twisted's {@code twisted.python.failure.Failure}.
 *
 * <p>The wrapped throwable is kept as is (never wrapped again), so whatever an errback re-raises is the very
 * exception the source failed with.
 */
public final class Failure {
    private final Throwable value;

    /** Captures {@code value}; a Failure always holds an exception. */
    public Failure(Throwable value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Same as the constructor; reads better where a Failure is built inline. */
    public static Failure of(Throwable value) {
        return new Failure(value);
    }

    /** The captured exception. */
    public Throwable value() {
        return value;
    }

    /** The captured exception's class. */
    public Class<? extends Throwable> type() {
        return value.getClass();
    }

    /**
     * The first of {@code types} the exception is an instance of, or {@code null}: lets an errback branch on the
     * kind of failure without re-raising.
     */
    @SafeVarargs
    public final Class<? extends Throwable> check(Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(value)) {
                return type;
            }
        }
        return null;
    }

    /**
     * Like {@link #check}, but a failure of none of {@code types} is re-raised unchanged (even when checked), so an
     * errback that only handles some failures passes the others on down the chain.
     */
    @SafeVarargs
    public final Class<? extends Throwable> trap(Class<? extends Throwable>... types) {
        Class<? extends Throwable> match = check(types);
        if (match == null) {
            raiseException();
        }
        return match;
    }

    /** Throws the captured exception itself, without declaring it, so checked exceptions keep their identity. */
    public void raiseException() {
        Failure.<RuntimeException>sneakyThrow(value);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    /** The exception's message, or its class name when it has none, so log lines are never empty. */
    public String getErrorMessage() {
        String message = value.getMessage();
        return message != null ? message : value.getClass().getName();
    }

    /** The full stack trace text, causes included, as {@link Throwable#printStackTrace()} writes it. */
    public String getTraceback() {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            value.printStackTrace(writer);
        }
        return out.toString();
    }

    /** {@code [Failure instance: Type: message]}, in the spirit of Twisted's repr. */
    @Override
    public String toString() {
        String message = value.getMessage();
        return "[Failure instance: " + value.getClass().getName() + (message != null ? ": " + message : "") + "]";
    }
}
