package dev.twine.internet.base;

import dev.twine.internet.defer.Deferred;
import dev.twine.internet.error.DNSLookupError;
import dev.twine.internet.error.TimeoutError;
import dev.twine.internet.interfaces.IDelayedCall;
import dev.twine.internet.interfaces.IReactorThreads;
import dev.twine.internet.interfaces.IReactorTime;
import dev.twine.internet.interfaces.IResolverSimple;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Resolves names with the JDK's blocking resolver on the reactor's thread pool: Twisted's
 * {@code base.ThreadedResolver}. The lookup gives up after the sum of the timeouts with a {@link DNSLookupError}
 * whose cause is a {@link TimeoutError}; a lookup that finishes later is ignored.
 */
public final class ThreadedResolver implements IResolverSimple {
    private final IReactorThreads threads;
    private final IReactorTime time;

    public <R extends IReactorThreads & IReactorTime> ThreadedResolver(R reactor) {
        this.threads = reactor;
        this.time = reactor;
    }

    @Override
    public Deferred<String> getHostByName(String name, int... timeouts) {
        Deferred<String> result = new Deferred<>();
        int total = timeouts == null || timeouts.length == 0 ? 60 : Arrays.stream(timeouts).sum();
        IDelayedCall timer = time.callLater(total, () -> {
            if (!result.called()) {
                result.errback(new DNSLookupError("lookup of " + name + " timed out after " + total + " s",
                        new TimeoutError(name)));
            }
        });
        threads.callInThread(() -> {
            Object outcome;
            try {
                outcome = InetAddress.getByName(name).getHostAddress();
            } catch (UnknownHostException e) {
                outcome = new DNSLookupError("address of " + name + " not found", e);
            } catch (RuntimeException e) {
                outcome = new DNSLookupError("lookup of " + name + " failed", e);
            }
            Object finalOutcome = outcome;
            threads.callFromThread(() -> {
                if (result.called()) {
                    return;
                }
                timer.cancel();
                if (finalOutcome instanceof Throwable t) {
                    result.errback(t);
                } else {
                    result.callback((String) finalOutcome);
                }
            });
        });
        return result;
    }
}
