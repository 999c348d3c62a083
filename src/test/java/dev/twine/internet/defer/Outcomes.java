package dev.twine.internet.defer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.python.Failure;

/** Reads a Deferred's current result in tests, as trial's successResultOf / failureResultOf / assertNoResult. */
public final class Outcomes {
    /** What {@link #peek} returns for a Deferred with no result available now. */
    public static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "<no result>";
        }
    };

    private Outcomes() {
    }

    /** The current result (a value or a Failure), left in place; {@link #NONE} if there is none yet. */
    public static Object peek(Deferred<?> d) {
        Object[] box = {NONE};
        d.addBoth(r -> {
            box[0] = r;
            return r;
        });
        return box[0];
    }

    /** The current successful result, left in place; fails the test if there is none or it is a failure. */
    @SuppressWarnings("unchecked")
    public static <T> T successResultOf(Deferred<?> d) {
        Object r = peek(d);
        assertThat(r == NONE || r instanceof Failure).as("expected a successful result, got %s", r).isFalse();
        return (T) r;
    }

    /** The current failure, which is consumed (the chain carries null on); fails the test if there is none. */
    public static Failure failureResultOf(Deferred<?> d) {
        Object[] box = {NONE};
        d.addBoth(r -> {
            box[0] = r;
            return r instanceof Failure ? null : r;
        });
        assertThat(box[0]).as("result of %s", d).isInstanceOf(Failure.class);
        return (Failure) box[0];
    }

    /** Fails the test if {@code d} has a result available now. */
    public static void assertNoResult(Deferred<?> d) {
        assertThat(peek(d)).as("result of %s", d).isSameAs(NONE);
    }
}
