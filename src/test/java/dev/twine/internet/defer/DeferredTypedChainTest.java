package dev.twine.internet.defer;

import static dev.twine.internet.defer.Outcomes.assertNoResult;
import static dev.twine.internet.defer.Outcomes.failureResultOf;
import static dev.twine.internet.defer.Outcomes.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.python.Failure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The typed chain: each add method's result type comes from its callback, a callback returning a Deferred has its
 * own form, and Twisted's untyped forms keep working for ported code. (That a mismatch does not compile is
 * {@link DeferredCompileTimeTypingTest}.)
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeferredTypedChainTest {
    @Test
    void theResultTypeComesFromTheCallback() {
        Deferred<Integer> length = Deferred.succeed("four").addCallback(String::length);
        Deferred<String> described = length.addCallback(n -> n + " letters");
        String result = successResultOf(described);
        assertThat(result).isEqualTo("4 letters");
    }

    @Test
    void anErrbackRecoversWithTheChainsType() {
        Deferred<Integer> d = Deferred.<Integer>fail(new IOException("x")).addErrback(f -> -1);
        Integer result = successResultOf(d);
        assertThat(result).isEqualTo(-1);
    }

    @Test
    void addCallbackDeferredWaitsAndCarriesTheInnerType() {
        Deferred<String> inner = new Deferred<>();
        Deferred<Integer> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner).addCallback(String::length);
        assertNoResult(outer);
        inner.callback("three");
        Integer result = successResultOf(outer);
        assertThat(result).isEqualTo(5);
    }

    @Test
    void addCallbackDeferredMayReturnNull() {
        Deferred<String> d = Deferred.succeed(1).addCallbackDeferred(x -> null);
        assertThat((Object) successResultOf(d)).isNull();
    }

    @Test
    void addErrbackDeferredRetries() {
        Deferred<String> d = Deferred.<String>fail(new IOException("first try"))
                .addErrbackDeferred(f -> Deferred.succeed("second try"));
        String result = successResultOf(d);
        assertThat(result).isEqualTo("second try");
    }

    @Test
    void addBothDeferredRunsEitherWayAndWaits() {
        Deferred<Void> cleanup = new Deferred<>();
        Deferred<Void> d = Deferred.<String>fail(new IOException("x")).addBothDeferred(r -> cleanup);
        assertNoResult(d);
        cleanup.callback(null);
        assertThat((Object) successResultOf(d)).isNull();
    }

    /** Before the chain was typed, this fired the next callback with a String where its type said Deferred. */
    @Test
    void aTypedCallbackReturningADeferredFailsTheChainNamingTheFix() {
        Deferred<String> inner = Deferred.succeed("inner");
        List<Object> seen = new ArrayList<>();
        Deferred<Deferred<String>> d = Deferred.succeed(1).addCallback(x -> inner);
        d.addCallback(returned -> seen.add(returned.called()));
        assertThat(seen).isEmpty();
        assertThat(failureResultOf(d).value()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("addCallback returned <Deferred").hasMessageContaining("addCallbackDeferred");
        assertThat((Object) successResultOf(inner)).as("the returned Deferred is left alone").isEqualTo("inner");
    }

    @Test
    void aTypedErrbackOrBothReturningADeferredFailsTheChainNamingTheFix() {
        Deferred<Object> errback = Deferred.fail(new IOException("x")).addErrback(f -> new Deferred<>());
        assertThat(failureResultOf(errback).value()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("addErrback returned").hasMessageContaining("addErrbackDeferred");
        Deferred<Object> both = Deferred.succeed("x").addBoth(r -> new Deferred<>());
        assertThat(failureResultOf(both).value()).hasMessageContaining("addBoth returned")
                .hasMessageContaining("addBothDeferred");
        Deferred<Object> pair = Deferred.succeed("x").addCallbacks(r -> new Deferred<>(), f -> null);
        assertThat(failureResultOf(pair).value()).hasMessageContaining("addCallbacks returned")
                .hasMessageContaining("addCallbackDeferred");
    }

    @Test
    void aTypedCallbackMayStillReturnAFailure() {
        Failure failure = new Failure(new IOException("returned"));
        Deferred<Object> d = Deferred.succeed(1).addCallback(x -> x > 0 ? failure : x);
        assertThat(failureResultOf(d)).isSameAs(failure);
    }

    /** Ported Twisted code: one callback that returns a value, a Deferred or a Failure, as it sees fit. */
    @Test
    void theUntypedFormsTakeWhateverTwistedsWouldTake() {
        Deferred<String> later = new Deferred<>();
        Failure failure = new Failure(new IOException("passed on"));
        List<Object> seen = new ArrayList<>();
        Deferred<Integer> start = new Deferred<>();
        Deferred<String> d = start.<String>addCallbackUntyped(x -> x == 0 ? later : "now")
                .<String>addErrbackUntyped(f -> f)
                .<Object>addBothUntyped(r -> {
                    seen.add(r);
                    return failure;
                })
                .addCallbacksUntyped(r -> "not this", f -> {
                    seen.add(f);
                    return Deferred.succeed("recovered later");
                });
        start.callback(0);
        assertNoResult(d);
        later.callback("waited for");
        assertThat(seen).containsExactly("waited for", failure);
        String result = successResultOf(d);
        assertThat(result).isEqualTo("recovered later");
    }
}
