package dev.twine.internet.defer;

import dev.twine.python.Failure;

/**
 * The first failure of a {@link DeferredList} built with {@code fireOnOneErrback} (and so of
 * {@link Deferred#gatherResults}), with the position of the Deferred that failed: Twisted's {@code FirstError}.
 * The sub-failure's exception is also this exception's cause, so plain Java stack traces show it.
 */
public class FirstError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Failure subFailure;
    private final int index;

    /** Wraps {@code subFailure}, which came from the Deferred at {@code index} in the list. */
    public FirstError(Failure subFailure, int index) {
        super("FirstError[#" + index + ", " + subFailure + "]", subFailure.value());
        this.subFailure = subFailure;
        this.index = index;
    }

    /** The failure of the Deferred that failed first. */
    public Failure subFailure() {
        return subFailure;
    }

    /** The position, in the list given to the DeferredList, of the Deferred that failed first. */
    public int index() {
        return index;
    }
}
