package dev.twine.internet.defer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.python.Failure;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnhandledErrorTest {
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private Consumer<Failure> savedSink;

    @BeforeEach
    void listen() {
        savedSink = Deferred.unhandledErrorSink;
        Consumer<Failure> previous = savedSink;
        Deferred.unhandledErrorSink = failure -> {
            String message = failure.value().getMessage();
            if (message != null && message.startsWith("marker-")) {
                reported.add(message);
            } else {
                previous.accept(failure);
            }
        };
    }

    @AfterEach
    void restore() {
        Deferred.unhandledErrorSink = savedSink;
    }

    private static final class MarkerError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MarkerError(String name) {
            super("marker-" + name);
        }
    }

    /** Creates the Deferreds in a separate frame so nothing on the test's stack keeps them reachable. */
    private static void createGarbage() {
        // Chain ends in failure and nobody handles it: reported.
        Deferred<String> unhandled = new Deferred<>();
        unhandled.addCallback(x -> {
            throw new MarkerError("unhandled");
        });
        unhandled.callback("x");

        // Failure handled by an errback: not reported.
        Deferred<String> handled = Deferred.fail(new MarkerError("handled"));
        handled.addErrback(f -> null);

        // Failure taken over by the outer Deferred, which handles it: neither reports it.
        Deferred<String> inner = Deferred.fail(new MarkerError("stolen"));
        Deferred<String> outer = Deferred.succeed("x");
        outer.addCallbackDeferred(x -> inner).addErrback(f -> null);

        // Failure handed up through a continuation, then handled.
        Deferred<String> later = new Deferred<>();
        Deferred<String> waiting = Deferred.succeed("x");
        waiting.addCallbackDeferred(x -> later).addErrback(f -> null);
        later.errback(new MarkerError("continued"));

        // Failed, then recovered by an errback added later: not reported.
        Deferred<String> recovered = Deferred.fail(new MarkerError("recovered"));
        recovered.addErrback(f -> "fine");

        // Failure passed on by chainDeferred: reported once, by the target only.
        Deferred<String> source = new Deferred<>();
        Deferred<String> target = new Deferred<>();
        source.chainDeferred(target);
        source.errback(new MarkerError("chained"));
    }

    @Test
    void onlyFailuresLeftAtTheEndOfAChainAreReportedWhenCollected() {
        createGarbage();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(reported.contains("marker-unhandled") && reported.contains("marker-chained"))
                && System.nanoTime() < deadline) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        // One more round gives any wrongly reported failure of the same batch its chance to show up.
        System.gc();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(reported).containsExactlyInAnyOrder("marker-unhandled", "marker-chained");
    }
}
