package dev.twine.internet.interfaces;

import java.time.Duration;
import java.util.Objects;

/** Converts {@link Duration}s to the seconds-as-{@code double} that Twisted's time API speaks. */
public final class DurationSeconds {
    private DurationSeconds() {
    }

    /** {@code duration} in seconds, with nanosecond precision kept as far as a double allows. */
    public static double of(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
