package dev.twine.bench;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.protocol.ProcessProtocol;
import dev.twine.python.Failure;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Spawn-to-exit latency of {@code /bin/true}, in µs per child, both with the default three pipes:
 * {@code twine} is {@code spawnProcess} until {@code processEnded} (posix_spawn, pidfd in epoll, waitid) on a
 * reactor iterated by the benchmark thread; {@code processBuilder} is the JDK's {@code ProcessBuilder.start()}
 * until {@code waitFor()} (its own launch mechanism and reaper thread), streams closed afterwards.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SpawnBench {
    private static final List<String> ARGS = List.of("true");
    private EPollReactor reactor;
    private final ProcessBuilder builder = new ProcessBuilder("/bin/true");

    /** Counts ended children. */
    private static final class Waiter extends ProcessProtocol {
        boolean ended;

        @Override
        public void processEnded(Failure reason) {
            ended = true;
        }
    }

    @Setup(Level.Trial)
    public void open() {
        reactor = new EPollReactor();
    }

    @TearDown(Level.Trial)
    public void close() {
        reactor.close();
    }

    @Benchmark
    public boolean twine() {
        Waiter w = new Waiter();
        reactor.spawnProcess(w, "/bin/true", ARGS);
        while (!w.ended) {
            reactor.iterate(1.0);
        }
        return w.ended;
    }

    @Benchmark
    public int processBuilder() throws Exception {
        java.lang.Process p = builder.start();
        int code = p.waitFor();
        p.getInputStream().close();
        p.getErrorStream().close();
        p.getOutputStream().close();
        return code;
    }
}
