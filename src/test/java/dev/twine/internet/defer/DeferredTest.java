package dev.twine.internet.defer;

import static dev.twine.internet.defer.Outcomes.assertNoResult;
import static dev.twine.internet.defer.Outcomes.failureResultOf;
import static dev.twine.internet.defer.Outcomes.peek;
import static dev.twine.internet.defer.Outcomes.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.error.AlreadyCalledError;
import dev.twine.internet.error.CancelledError;
import dev.twine.python.Failure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeferredTest {
    @Nested
    class Chains {
        @Test
        void eachCallbackGetsThePreviousResult() {
            Deferred<Integer> d = new Deferred<>();
            List<Object> seen = new ArrayList<>();
            Deferred<String> out = d.addCallback(x -> {
                seen.add(x);
                return x + 1;
            }).addCallback(x -> {
                seen.add(x);
                return "n=" + (x * 10);
            });
            assertThat(seen).isEmpty();
            assertThat(d.called()).isFalse();
            d.callback(1);
            assertThat(d.called()).isTrue();
            assertThat(seen).containsExactly(1, 2);
            String result = successResultOf(out);
            assertThat(result).isEqualTo("n=20");
        }

        @Test
        void callbacksAddedAfterFiringRunAtOnce() {
            Deferred<String> d = Deferred.succeed("a");
            List<Object> seen = new ArrayList<>();
            d.addCallback(x -> {
                seen.add(x);
                return x + "b";
            });
            assertThat(seen).containsExactly("a");
            assertThat((Object) successResultOf(d)).isEqualTo("ab");
        }

        @Test
        void callbackAddedFromInsideACallbackRunsAfterItInOrder() {
            Deferred<String> d = new Deferred<>();
            List<String> order = new ArrayList<>();
            d.addCallback(x -> {
                order.add("first");
                d.addCallback(y -> {
                    order.add("added inside, got " + y);
                    return y;
                });
                return "one";
            });
            d.addCallback(x -> {
                order.add("second");
                return x;
            });
            d.callback("go");
            assertThat(order).containsExactly("first", "second", "added inside, got one");
        }

        @Test
        void aThrowSkipsCallbacksToTheNextErrback() {
            Deferred<Integer> d = new Deferred<>();
            IllegalStateException boom = new IllegalStateException("boom");
            List<String> seen = new ArrayList<>();
            d.addCallback(x -> {
                throw boom;
            }).addCallback(x -> {
                seen.add("skipped callback");
                return x;
            }).addErrback(f -> {
                seen.add("errback " + f.getErrorMessage());
                assertThat(f.value()).isSameAs(boom);
                return "recovered";
            }).addCallback(x -> {
                seen.add("callback " + x);
                return x;
            });
            d.callback(1);
            assertThat(seen).containsExactly("errback boom", "callback recovered");
        }

        @Test
        void errbackFiredChainSkipsCallbacks() {
            Deferred<Integer> d = new Deferred<>();
            List<String> seen = new ArrayList<>();
            d.addCallback(x -> {
                seen.add("callback");
                return x;
            }).addErrback(f -> {
                seen.add("errback " + f.type().getSimpleName());
                throw new IOException("again");
            }).addErrback(f -> {
                seen.add("errback " + f.getErrorMessage());
                return 7;
            });
            d.errback(new IllegalArgumentException());
            assertThat(seen).containsExactly("errback IllegalArgumentException", "errback again");
            assertThat((Object) successResultOf(d)).isEqualTo(7);
        }

        @Test
        void returningAFailureSwitchesToTheErrbackPath() {
            Deferred<Integer> d = new Deferred<>();
            Failure failure = new Failure(new IllegalStateException("returned"));
            d.addCallback(x -> failure);
            d.callback(1);
            assertThat(failureResultOf(d)).isSameAs(failure);
        }

        @Test
        void callbackFiredWithAFailureTakesTheErrbackPath() {
            Deferred<Object> d = new Deferred<>();
            Failure failure = new Failure(new IllegalStateException("x"));
            d.callback(failure);
            assertThat(failureResultOf(d)).isSameAs(failure);
        }

        @Test
        void rethrowingTheSameExceptionKeepsTheSameFailure() {
            Deferred<Integer> d = new Deferred<>();
            Failure[] seen = new Failure[2];
            d.addErrback(f -> {
                seen[0] = f;
                f.raiseException();
                return null;
            }).addErrback(f -> {
                seen[1] = f;
                return null;
            });
            d.errback(new IOException("io"));
            assertThat(seen[1]).isSameAs(seen[0]);
        }

        @Test
        void trapPassesOtherFailuresOnUnchanged() {
            Deferred<String> d = new Deferred<>();
            IOException io = new IOException("checked");
            List<String> seen = new ArrayList<>();
            Failure[] last = new Failure[1];
            d.addErrback(f -> {
                f.trap(IllegalStateException.class);
                seen.add("trapped");
                return null;
            }).addErrback(f -> {
                last[0] = f;
                return f.trap(IOException.class).getSimpleName();
            });
            d.errback(io);
            assertThat(seen).isEmpty();
            assertThat(last[0].value()).isSameAs(io);
            assertThat((Object) successResultOf(d)).isEqualTo("IOException");
        }

        @Test
        void addCallbacksRunsExactlyOneOfThePair() {
            Deferred<Integer> d = new Deferred<>();
            List<String> seen = new ArrayList<>();
            d.addCallbacks(x -> {
                seen.add("callback");
                throw new IllegalStateException("from callback");
            }, f -> {
                seen.add("paired errback");
                return null;
            }).addErrback(f -> {
                seen.add("next errback " + f.getErrorMessage());
                return null;
            });
            d.callback(1);
            assertThat(seen).containsExactly("callback", "next errback from callback");
        }

        @Test
        void addBothSeesValuesAndFailures() {
            List<Object> seen = new ArrayList<>();
            Deferred<String> ok = Deferred.succeed("v");
            ok.addBoth(r -> seen.add(r));
            Failure failure = new Failure(new IllegalStateException());
            Deferred<String> bad = Deferred.fail(failure);
            bad.addBoth(r -> {
                seen.add(r);
                return null;
            });
            assertThat(seen).containsExactly("v", failure);
        }

        @Test
        void firingTwiceRaisesAlreadyCalledError() {
            Deferred<Integer> d = new Deferred<>();
            d.callback(1);
            assertThatThrownBy(() -> d.callback(2)).isInstanceOf(AlreadyCalledError.class);
            assertThatThrownBy(() -> d.errback(new IOException())).isInstanceOf(AlreadyCalledError.class);
            Deferred<Integer> e = Deferred.fail(new IOException());
            failureResultOf(e);
            assertThatThrownBy(() -> e.callback(1)).isInstanceOf(AlreadyCalledError.class);
        }

        @Test
        void firingWithADeferredIsRefused() {
            Deferred<Object> d = new Deferred<>();
            assertThatThrownBy(() -> d.callback(new Deferred<>())).isInstanceOf(IllegalArgumentException.class);
            assertThat(d.called()).isFalse();
        }

        @Test
        void aCallbackReturningItsOwnDeferredFails() {
            Deferred<Object> d = new Deferred<>();
            d.addCallbackDeferred(x -> d);
            d.callback("x");
            assertThat(failureResultOf(d).value()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("wait forever");
            Deferred<Object> untyped = new Deferred<>();
            untyped.addCallbackUntyped(x -> untyped);
            untyped.callback("x");
            assertThat(failureResultOf(untyped).value()).hasMessageContaining("wait forever");
        }
    }

    @Nested
    class Factories {
        @Test
        void succeedAndFail() {
            assertThat((Object) successResultOf(Deferred.succeed(3))).isEqualTo(3);
            IOException e = new IOException();
            assertThat(failureResultOf(Deferred.fail(e)).value()).isSameAs(e);
            Failure f = new Failure(e);
            assertThat(failureResultOf(Deferred.fail(f))).isSameAs(f);
        }

        @Test
        void maybeDeferredWrapsValues() {
            assertThat((Object) successResultOf(Deferred.maybeDeferred(() -> "x"))).isEqualTo("x");
            assertThat((Object) successResultOf(Deferred.maybeDeferred(() -> null))).isNull();
        }

        @Test
        void maybeDeferredTurnsThrowsAndFailuresIntoFailedDeferreds() {
            IOException e = new IOException("x");
            assertThat(failureResultOf(Deferred.maybeDeferred(() -> {
                throw e;
            })).value()).isSameAs(e);
            Failure f = new Failure(e);
            assertThat(failureResultOf(Deferred.maybeDeferred(() -> f))).isSameAs(f);
        }

        @Test
        void maybeDeferredReturnsAReturnedDeferredItself() {
            Deferred<String> inner = new Deferred<>();
            assertThat(Deferred.<String>maybeDeferred(() -> inner)).isSameAs(inner);
        }
    }

    @Nested
    class ReturnedDeferreds {
        @Test
        void anUnfiredReturnedDeferredPausesTheChainUntilItFires() {
            Deferred<String> outer = new Deferred<>();
            Deferred<String> inner = new Deferred<>();
            List<Object> seen = new ArrayList<>();
            outer.addCallbackDeferred(x -> inner).addCallback(x -> {
                seen.add(x);
                return x + "!";
            });
            outer.callback("outer");
            assertThat(seen).isEmpty();
            assertNoResult(outer);
            assertThat(outer.called()).isTrue();
            assertThat(outer.toString()).contains("waiting on Deferred at 0x"
                    + Integer.toHexString(System.identityHashCode(inner)));
            inner.callback("inner");
            assertThat(seen).containsExactly("inner");
            assertThat((Object) successResultOf(outer)).isEqualTo("inner!");
            // The result moved to the outer chain; the inner one carries null on.
            assertThat((Object) successResultOf(inner)).isNull();
        }

        @Test
        void aFiredReturnedDeferredHandsOverItsResultAtOnce() {
            Deferred<String> inner = Deferred.succeed("ready");
            Deferred<String> outer = Deferred.succeed("x");
            outer.addCallbackDeferred(x -> inner);
            assertThat((Object) successResultOf(outer)).isEqualTo("ready");
            assertThat((Object) successResultOf(inner)).isNull();
        }

        @Test
        void aFailureOfTheReturnedDeferredGoesDownTheOuterChain() {
            Deferred<String> outer = new Deferred<>();
            Deferred<String> inner = new Deferred<>();
            outer.addCallbackUntyped(x -> inner); // Twisted's form waits on a returned Deferred too
            outer.callback("x");
            IOException e = new IOException("inner failed");
            inner.errback(e);
            assertThat(failureResultOf(outer).value()).isSameAs(e);
            assertThat((Object) successResultOf(inner)).isNull();
        }

        @Test
        void aPausedFiredDeferredIsWaitedFor() {
            Deferred<String> inner = Deferred.succeed("late");
            inner.pause();
            Deferred<String> outer = Deferred.succeed("x");
            outer.addCallbackDeferred(x -> inner);
            assertNoResult(outer);
            inner.unpause();
            assertThat((Object) successResultOf(outer)).isEqualTo("late");
        }

        @Test
        void nestedReturnedDeferredsResolveInnermostFirst() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            Deferred<String> c = new Deferred<>();
            a.addCallbackDeferred(x -> b);
            b.addCallbackUntyped(x -> c);
            a.callback("a");
            b.callback("b");
            assertNoResult(a);
            c.callback("c");
            assertThat((Object) successResultOf(a)).isEqualTo("c");
        }

        @Test
        void chainDeferredForwardsTheResult() {
            Deferred<String> source = new Deferred<>();
            Deferred<String> target = new Deferred<>();
            source.chainDeferred(target);
            assertThat(target.toString()).contains("waiting on Deferred");
            source.callback("v");
            assertThat((Object) successResultOf(target)).isEqualTo("v");
            assertThat((Object) successResultOf(source)).isNull();
        }

        @Test
        void chainDeferredForwardsFailures() {
            Deferred<String> source = new Deferred<>();
            Deferred<Object> target = new Deferred<>();
            source.chainDeferred(target);
            IOException e = new IOException();
            source.errback(e);
            assertThat(failureResultOf(target).value()).isSameAs(e);
            assertThat((Object) successResultOf(source)).isNull();
        }

        @Test
        void chainDeferredOntoAFiredDeferredFailsTheSource() {
            Deferred<String> target = Deferred.succeed("already");
            Deferred<String> source = Deferred.succeed("v");
            source.chainDeferred(target);
            assertThat(failureResultOf(source).value()).isInstanceOf(AlreadyCalledError.class);
            assertThat((Object) successResultOf(target)).isEqualTo("already");
        }

        @Test
        void chainDeferredOntoAPausedTargetWaitsForUnpause() {
            Deferred<String> target = new Deferred<>();
            target.pause();
            Deferred<String> source = new Deferred<>();
            source.chainDeferred(target);
            source.callback("v");
            assertNoResult(target);
            target.unpause();
            assertThat((Object) successResultOf(target)).isEqualTo("v");
        }
    }

    @Nested
    class LongChains {
        static final int DEPTH = 20_000;

        @Test
        void deeplyNestedUnfiredDeferredsDoNotRecurse() {
            List<Deferred<Object>> ds = new ArrayList<>();
            for (int i = 0; i < DEPTH; i++) {
                ds.add(new Deferred<>());
            }
            for (int i = 0; i < DEPTH - 1; i++) {
                Deferred<Object> next = ds.get(i + 1);
                ds.get(i).addCallbackDeferred(x -> next);
            }
            for (int i = 0; i < DEPTH - 1; i++) {
                ds.get(i).callback(i);
            }
            assertNoResult(ds.get(0));
            ds.get(DEPTH - 1).callback("end");
            assertThat((Object) successResultOf(ds.get(0))).isEqualTo("end");
        }

        @Test
        void deeplyNestedDeferredsFiredInnermostFirstDoNotRecurse() {
            Deferred<Object> innermost = Deferred.succeed("end");
            Deferred<Object> current = innermost;
            for (int i = 0; i < DEPTH; i++) {
                Deferred<Object> inner = current;
                Deferred<Object> outer = new Deferred<>();
                outer.addCallbackDeferred(x -> inner);
                outer.callback(i);
                current = outer;
            }
            assertThat((Object) successResultOf(current)).isEqualTo("end");
        }

        @Test
        void longChainDeferredSequenceDoesNotRecurse() {
            List<Deferred<Object>> ds = new ArrayList<>();
            for (int i = 0; i < DEPTH; i++) {
                ds.add(new Deferred<>());
            }
            for (int i = 0; i < DEPTH - 1; i++) {
                ds.get(i).chainDeferred(ds.get(i + 1));
            }
            ds.get(0).callback("through");
            assertThat((Object) successResultOf(ds.get(DEPTH - 1))).isEqualTo("through");
        }

        @Test
        void cancellingTheOutermostOfADeepChainCancelsTheInnermost() {
            List<Deferred<Object>> ds = new ArrayList<>();
            for (int i = 0; i < DEPTH; i++) {
                ds.add(new Deferred<>());
            }
            for (int i = 0; i < DEPTH - 1; i++) {
                Deferred<Object> next = ds.get(i + 1);
                ds.get(i).addCallbackDeferred(x -> next);
            }
            for (int i = 0; i < DEPTH - 1; i++) {
                ds.get(i).callback(i);
            }
            ds.get(0).cancel();
            assertThat(failureResultOf(ds.get(0)).value()).isInstanceOf(CancelledError.class);
        }

        @Test
        void manyCallbacksOnOneDeferred() {
            Deferred<Integer> d = new Deferred<>();
            for (int i = 0; i < DEPTH; i++) {
                d = d.addCallback(x -> x + 1);
            }
            d.callback(0);
            assertThat((Object) successResultOf(d)).isEqualTo(DEPTH);
        }
    }

    @Nested
    class Pausing {
        @Test
        void pauseHoldsCallbacksUntilUnpause() {
            Deferred<String> d = new Deferred<>();
            List<Object> seen = new ArrayList<>();
            d.addCallback(x -> seen.add(x));
            d.pause();
            d.pause();
            d.callback("v");
            assertThat(seen).isEmpty();
            d.unpause();
            assertThat(seen).isEmpty();
            d.unpause();
            assertThat(seen).containsExactly("v");
        }

        @Test
        void unpauseBeforeFiringRunsNothing() {
            Deferred<String> d = new Deferred<>();
            d.pause();
            d.unpause();
            assertNoResult(d);
        }

        @Test
        void unpauseWithoutPauseIsAnError() {
            assertThatThrownBy(() -> new Deferred<>().unpause()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Cancelling {
        @Test
        void withoutCancellerFailsWithCancelledErrorAndIgnoresTheLaterFire() {
            Deferred<String> d = new Deferred<>();
            d.cancel();
            assertThat(failureResultOf(d).value()).isInstanceOf(CancelledError.class);
            d.callback("late"); // swallowed once
            assertThatThrownBy(() -> d.callback("later")).isInstanceOf(AlreadyCalledError.class);
        }

        @Test
        void aCancellerThatDoesNotFireLeadsToCancelledError() {
            AtomicInteger calls = new AtomicInteger();
            Deferred<String> d = new Deferred<>(self -> calls.incrementAndGet());
            d.cancel();
            assertThat(calls).hasValue(1);
            assertThat(failureResultOf(d).value()).isInstanceOf(CancelledError.class);
            assertThatThrownBy(() -> d.callback("late")).isInstanceOf(AlreadyCalledError.class);
        }

        @Test
        void aCancellerMayFireTheDeferredItself() {
            Deferred<String> d = new Deferred<>(self -> self.callback("cancelled nicely"));
            d.cancel();
            assertThat((Object) successResultOf(d)).isEqualTo("cancelled nicely");
        }

        @Test
        void cancellingAFinishedDeferredDoesNothing() {
            AtomicInteger calls = new AtomicInteger();
            Deferred<String> d = new Deferred<>(self -> calls.incrementAndGet());
            d.callback("done");
            d.cancel();
            assertThat(calls).hasValue(0);
            assertThat((Object) successResultOf(d)).isEqualTo("done");
        }

        @Test
        void cancellingADeferredWaitingOnAnotherCancelsThatOne() {
            AtomicInteger innerCancels = new AtomicInteger();
            Deferred<String> inner = new Deferred<>(self -> innerCancels.incrementAndGet());
            Deferred<String> outer = new Deferred<>(self -> {
                throw new AssertionError("outer canceller must not run: it has fired");
            });
            outer.addCallbackDeferred(x -> inner);
            outer.callback("x");
            outer.cancel();
            assertThat(innerCancels).hasValue(1);
            assertThat(failureResultOf(outer).value()).isInstanceOf(CancelledError.class);
        }

        @Test
        void cancelPropagatesAnExceptionFromTheCanceller() {
            Deferred<String> d = new Deferred<>(self -> {
                throw new IllegalStateException("canceller broke");
            });
            assertThatThrownBy(d::cancel).hasMessage("canceller broke");
        }
    }

    @Test
    void toStringShowsTheState() {
        Deferred<String> d = new Deferred<>();
        String id = Integer.toHexString(System.identityHashCode(d));
        assertThat(d).hasToString("<Deferred at 0x" + id + ">");
        d.callback("v");
        assertThat(d).hasToString("<Deferred at 0x" + id + " current result: 'v'>");
        Deferred<Integer> n = Deferred.succeed(42);
        assertThat(n.toString()).endsWith(" current result: 42>");
        Deferred<Integer> f = Deferred.fail(new IOException("x"));
        assertThat(f.toString()).endsWith(" current result: [Failure instance: java.io.IOException: x]>");
        failureResultOf(f);
    }

    @Test
    void peekSeesNoResultOnAnUnfiredDeferred() {
        assertThat(peek(new Deferred<>())).isSameAs(Outcomes.NONE);
    }
}
