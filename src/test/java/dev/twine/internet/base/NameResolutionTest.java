package dev.twine.internet.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.DNSLookupError;
import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IHostResolution;
import dev.twine.internet.interfaces.IHostnameResolver;
import dev.twine.internet.interfaces.IResolutionReceiver;
import dev.twine.internet.interfaces.IResolverSimple;
import dev.twine.python.Failure;
import dev.twine.testing.LogCapture;
import dev.twine.testing.Reactors;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.ResourceSnapshot;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** resolve, installResolver and the pluggable name resolver. */
@Timeout(60)
class NameResolutionTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();
    private LogCapture log;
    private EPollReactor reactor;

    @BeforeEach
    void setUp() {
        reactor = fixture.reactor();
        log = fixture.log();
    }

    /** The Deferred's result if it has fired: a value, a Failure, or null if not yet. */
    private static Object resultOf(Deferred<?> d) {
        Object[] out = {null};
        d.addBoth(r -> {
            out[0] = r;
            return r;
        });
        if (out[0] instanceof Failure) {
            d.addErrback(f -> null);
        }
        return out[0];
    }

    private static final class Receiver implements IResolutionReceiver {
        final List<String> events = new ArrayList<>();
        final List<InetSocketAddress> addresses = new ArrayList<>();
        Runnable onComplete = () -> { };

        @Override
        public void resolutionBegan(IHostResolution resolution) {
            events.add("began " + resolution.name());
        }

        @Override
        public void addressResolved(InetSocketAddress address) {
            addresses.add(address);
        }

        @Override
        public void resolutionComplete() {
            events.add("complete");
            onComplete.run();
        }
    }

    @Test
    void literalsResolveAtOnceWithoutThePool() {
        assertThat(resultOf(reactor.resolve("127.0.0.1"))).isEqualTo("127.0.0.1");
        assertThat(resultOf(reactor.resolve("::1"))).isEqualTo("::1");
        assertThat(resultOf(reactor.resolve("fe80::1"))).isEqualTo("fe80::1");
        assertThat(resultOf(reactor.resolve(""))).isEqualTo("0.0.0.0");
        assertThat(resultOf(reactor.resolve(null))).isEqualTo("0.0.0.0");
        // The reactor never ran, so its pool could not have run a lookup: these fired synchronously.
        assertThat(ResourceSnapshot.twineThreads()).isEmpty();
        assertThat(reactor.getDelayedCalls()).as("no lookup timeout was scheduled").isEmpty();
    }

    @Test
    void localhostResolvesThroughThePool() {
        Deferred<String> d = reactor.resolve("localhost");
        assertThat(resultOf(d)).as("a name waits for the pool").isNull();
        List<Object> results = new ArrayList<>();
        d.addBoth(r -> {
            results.add(r);
            reactor.stop();
            return null;
        });

        Reactors.run(reactor);

        assertThat(results).singleElement().isIn("127.0.0.1", "::1", "0:0:0:0:0:0:0:1");
        assertThat(reactor.getDelayedCalls()).as("the lookup timeout was cancelled").isEmpty();
    }

    @Test
    void threadedResolverFailsForAnUnknownNameWithDnsLookupError() {
        // A name the JDK refuses without asking DNS (not a valid host name), so no network is needed.
        Deferred<String> d = new ThreadedResolver(reactor).getHostByName("bad name with spaces!", 5);
        List<Object> results = new ArrayList<>();
        d.addBoth(r -> {
            results.add(r);
            reactor.stop();
            return null;
        });
        Reactors.run(reactor);
        assertThat(results).singleElement().isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(DNSLookupError.class));
    }

    /** The reactor's clock and callFromThread, but a pool that only keeps the work for the test to run. */
    private static final class HeldWork implements dev.twine.internet.interfaces.IReactorThreads,
            dev.twine.internet.interfaces.IReactorTime {
        final EPollReactor reactor;
        final List<Runnable> held = new ArrayList<>();

        HeldWork(EPollReactor reactor) {
            this.reactor = reactor;
        }

        @Override
        public dev.twine.python.ThreadPool getThreadPool() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void callInThread(Runnable callable) {
            held.add(callable);
        }

        @Override
        public void suggestThreadPoolSize(int size) {
        }

        @Override
        public void callFromThread(Runnable callable) {
            reactor.callFromThread(callable);
        }

        @Override
        public double seconds() {
            return reactor.seconds();
        }

        @Override
        public dev.twine.internet.interfaces.IDelayedCall callLater(double delaySeconds, Runnable callable) {
            return reactor.callLater(delaySeconds, callable);
        }

        @Override
        public List<dev.twine.internet.interfaces.IDelayedCall> getDelayedCalls() {
            return reactor.getDelayedCalls();
        }
    }

    @Test
    void threadedResolverGivesUpAfterTheSumOfItsTimeoutsAndIgnoresALateAnswer() {
        HeldWork threads = new HeldWork(reactor);
        ThreadedResolver resolver = new ThreadedResolver(threads);
        List<Object> results = new ArrayList<>();
        double[] elapsed = new double[1];
        reactor.callWhenRunning(() -> {
            double start = reactor.seconds();
            resolver.getHostByName("localhost", 0, 1).addBoth(r -> {
                elapsed[0] = reactor.seconds() - start;
                results.add(r);
                // The lookup finishes after all: its answer must be ignored.
                threads.held.get(0).run();
                reactor.callLater(0.01, reactor::stop);
                return null;
            });
        });

        Reactors.run(reactor);

        assertThat(elapsed[0]).isGreaterThanOrEqualTo(0.99).isLessThan(10);
        assertThat(results).singleElement().isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.value()).isInstanceOf(DNSLookupError.class);
            assertThat(f.value().getCause()).isInstanceOf(dev.twine.internet.error.TimeoutError.class);
        });
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void installResolverReplacesTheSimpleResolverAndTheNameResolver() {
        List<String> asked = new ArrayList<>();
        IResolverSimple fake = (name, timeouts) -> {
            asked.add(name);
            return name.equals("unknown") ? Deferred.fail(new DNSLookupError("no " + name))
                    : Deferred.succeed("127.1.2.3");
        };
        IResolverSimple previous = reactor.installResolver(fake);
        assertThat(previous).isInstanceOf(ThreadedResolver.class);
        assertThat(reactor.resolver()).isSameAs(fake);

        assertThat(resultOf(reactor.resolve("example.test"))).isEqualTo("127.1.2.3");
        assertThat(resultOf(reactor.resolve("127.9.9.9"))).as("literals never reach the resolver")
                .isEqualTo("127.9.9.9");
        assertThat(asked).containsExactly("example.test");

        IHostnameResolver nameResolver = reactor.nameResolver();
        assertThat(nameResolver).isInstanceOfSatisfying(SimpleResolverComplexifier.class,
                r -> assertThat(r.simpleResolver()).isSameAs(fake));
        Receiver receiver = new Receiver();
        assertThat(nameResolver.resolveHostName(receiver, "example.test", 443)).isSameAs(receiver);
        assertThat(receiver.events).containsExactly("began example.test", "complete");
        assertThat(receiver.addresses).containsExactly(new InetSocketAddress("127.1.2.3", 443));

        Receiver failing = new Receiver();
        nameResolver.resolveHostName(failing, "unknown", 80);
        assertThat(failing.events).containsExactly("began unknown", "complete");
        assertThat(failing.addresses).isEmpty();
    }

    @Test
    void installNameResolverReturnsThePreviousOne() {
        IHostnameResolver original = reactor.nameResolver();
        assertThat(original).isInstanceOf(GAIResolver.class);
        IHostnameResolver mine = (receiver, host, port) -> receiver;
        assertThat(reactor.installNameResolver(mine)).isSameAs(original);
        assertThat(reactor.nameResolver()).isSameAs(mine);
        assertThat(reactor.installNameResolver(original)).isSameAs(mine);
    }

    @Test
    void gaiResolverReportsEveryAddressOfLocalhostWithThePort() {
        Receiver receiver = new Receiver();
        receiver.onComplete = reactor::stop;
        reactor.callWhenRunning(() -> reactor.nameResolver().resolveHostName(receiver, "localhost", 8080));

        Reactors.run(reactor);

        assertThat(receiver.events).containsExactly("began localhost", "complete");
        assertThat(receiver.addresses).isNotEmpty().allSatisfy(a -> {
            assertThat(a.getPort()).isEqualTo(8080);
            assertThat(a.getAddress().isLoopbackAddress()).isTrue();
        });
    }

    @Test
    void gaiResolverReportsNothingForAnInvalidName() {
        Receiver receiver = new Receiver();
        receiver.onComplete = reactor::stop;
        reactor.callWhenRunning(() -> new GAIResolver(reactor).resolveHostName(receiver, "bad name!", 1));
        Reactors.run(reactor);
        assertThat(receiver.events).containsExactly("began bad name!", "complete");
        assertThat(receiver.addresses).isEmpty();
    }
}
