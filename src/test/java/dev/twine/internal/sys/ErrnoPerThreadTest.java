package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internal.linux.LibC;
import dev.twine.internet.error.ErrnoException;
import dev.twine.testing.ResourceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * errno is captured by each call into its thread's own slot: threads failing at the same time with different
 * errors each see their own, never the other's, however the calls interleave.
 */
@Timeout(60)
class ErrnoPerThreadTest {
    private static final int ROUNDS = 200;
    private static final int CALLS_PER_ROUND = 100;

    @Test
    void concurrentFailuresEachSeeTheirOwnErrno() throws Exception {
        ResourceSnapshot before = ResourceSnapshot.take();
        int pid = Syscalls.getpid();
        List<Failer> failers = List.of(
                new Failer("EBADF", LibC.EBADF(), () -> Syscalls.read(-1, new byte[1], 0, 1)),
                new Failer("EINVAL", LibC.EINVAL(), () -> {
                    Syscalls.kill(pid, 9999);
                    return 0;
                }),
                new Failer("ESRCH", LibC.ESRCH(), () -> {
                    Syscalls.kill(Integer.MAX_VALUE, 0);
                    return 0;
                }));
        // The rounds start together, so the failing calls of the threads overlap as much as the cores allow.
        CyclicBarrier barrier = new CyclicBarrier(failers.size());
        List<FutureTask<Integer>> tasks = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Failer failer : failers) {
            FutureTask<Integer> task = new FutureTask<>(failer.loop(barrier));
            tasks.add(task);
            Thread t = new Thread(task, "errno-" + failer.name);
            threads.add(t);
            t.start();
        }
        try {
            for (int i = 0; i < tasks.size(); i++) {
                assertThat(tasks.get(i).get(50, TimeUnit.SECONDS))
                        .as("failures seen by %s", failers.get(i).name)
                        .isEqualTo(ROUNDS * CALLS_PER_ROUND);
            }
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
        before.assertNothingLeaked();
    }

    private record Failer(String name, int errno, IntSupplier call) {
        Callable<Integer> loop(CyclicBarrier barrier) {
            return () -> {
                int failures = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    barrier.await(20, TimeUnit.SECONDS);
                    for (int i = 0; i < CALLS_PER_ROUND; i++) {
                        try {
                            call.getAsInt();
                            throw new AssertionError(name + ": the call did not fail");
                        } catch (ErrnoException e) {
                            if (e.errno() != errno || !e.errnoName().equals(name)) {
                                throw new AssertionError("thread expecting " + name + " saw " + e.getMessage());
                            }
                            failures++;
                        }
                    }
                }
                return failures;
            };
        }
    }
}
