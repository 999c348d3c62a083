package dev.twine.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FailureTest {
    @Test
    void holdsTheThrowableAndItsType() {
        IllegalStateException e = new IllegalStateException("boom");
        Failure f = new Failure(e);
        assertThat(f.value()).isSameAs(e);
        assertThat(f.type()).isEqualTo(IllegalStateException.class);
        assertThat(Failure.of(e).value()).isSameAs(e);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> new Failure(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void checkReturnsTheFirstMatchingClassOrNull() {
        Failure f = new Failure(new FileNotFoundException("x"));
        assertThat(f.check(IllegalStateException.class, IOException.class, FileNotFoundException.class))
                .isEqualTo(IOException.class);
        assertThat(f.check(RuntimeException.class)).isNull();
        assertThat(f.check()).isNull();
    }

    @Test
    void trapReturnsTheMatchingClass() {
        Failure f = new Failure(new IllegalArgumentException("bad"));
        assertThat(f.trap(IOException.class, RuntimeException.class)).isEqualTo(RuntimeException.class);
    }

    @Test
    void trapRethrowsTheOriginalThrowableEvenIfChecked() {
        IOException e = new IOException("disk");
        Failure f = new Failure(e);
        Throwable thrown = catchThrowable(() -> f.trap(IllegalStateException.class));
        assertThat(thrown).isSameAs(e);
    }

    @Test
    void raiseExceptionRethrowsTheOriginal() {
        Exception e = new Exception("checked");
        Throwable thrown = catchThrowable(() -> new Failure(e).raiseException());
        assertThat(thrown).isSameAs(e);
        Error err = new AssertionError("err");
        assertThat(catchThrowable(() -> new Failure(err).raiseException())).isSameAs(err);
    }

    @Test
    void errorMessageFallsBackToTheClassName() {
        assertThat(new Failure(new IllegalStateException("why")).getErrorMessage()).isEqualTo("why");
        assertThat(new Failure(new IllegalStateException()).getErrorMessage())
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void tracebackIsTheFullStackTraceWithCauses() {
        Failure f = new Failure(new IllegalStateException("outer", new IOException("inner")));
        String tb = f.getTraceback();
        assertThat(tb).contains("java.lang.IllegalStateException: outer")
                .contains("Caused by: java.io.IOException: inner")
                .contains("dev.twine.python.FailureTest.tracebackIsTheFullStackTraceWithCauses");
    }

    @Test
    void toStringNamesTypeAndMessage() {
        assertThat(new Failure(new IllegalStateException("boom")))
                .hasToString("[Failure instance: java.lang.IllegalStateException: boom]");
        assertThat(new Failure(new IOException())).hasToString("[Failure instance: java.io.IOException]");
    }
}
