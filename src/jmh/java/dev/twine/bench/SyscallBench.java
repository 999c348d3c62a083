package dev.twine.bench;

import dev.twine.internal.linux.LibC;
import dev.twine.internal.sys.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
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
 * What one system call costs through Twine's syscall layer against the bare FFM downcall, in ns per call.
 *
 * <ul>
 *   <li>{@code getpid*}: the cheapest call there is, so the figures are the downcall overhead itself:
 *       {@code getpidJextract} is jextract's plain handle (thread-state transition, no errno capture),
 *       {@code getpidCritical} a bare {@code Linker.Option.critical(false)} handle (no transition, no capture),
 *       {@code getpidTwine} {@link Syscalls#getpid()} (critical with errno capture on JDK 24+, plus the
 *       per-thread frame lookup).</li>
 *   <li>{@code pipe*}: a 1-byte {@code write} then {@code read} on a non-blocking pipe, the kernel doing real
 *       work: {@code pipePlain} through jextract's plain handles and an off-heap byte (plain handles refuse heap
 *       memory), {@code pipeCriticalHeap} through bare critical handles on a heap array (no errno), and
 *       {@code pipeTwine} through {@link Syscalls#write(int, byte[], int, int)} / {@code read} on a heap array
 *       (errno captured, EAGAIN and EINTR handled, bounds checked).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SyscallBench {
    private static final MethodHandle GETPID_PLAIN = LibC.getpid$handle();
    private static final MethodHandle GETPID_CRITICAL = Linker.nativeLinker()
            .downcallHandle(LibC.getpid$address(), LibC.getpid$descriptor(), Linker.Option.critical(false));
    private static final MethodHandle READ_PLAIN = LibC.read$handle();
    private static final MethodHandle WRITE_PLAIN = LibC.write$handle();
    private static final MethodHandle READ_CRITICAL = Linker.nativeLinker()
            .downcallHandle(LibC.read$address(), LibC.read$descriptor(), Linker.Option.critical(true));
    private static final MethodHandle WRITE_CRITICAL = Linker.nativeLinker()
            .downcallHandle(LibC.write$address(), LibC.write$descriptor(), Linker.Option.critical(true));

    private int readFd;
    private int writeFd;
    private Arena arena;
    private MemorySegment oneByte;
    private final byte[] array = new byte[1];
    private final MemorySegment arraySegment = MemorySegment.ofArray(array);

    @Setup(Level.Trial)
    public void open() {
        int[] pipe = Syscalls.pipe(Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC);
        readFd = pipe[0];
        writeFd = pipe[1];
        arena = Arena.ofConfined();
        oneByte = arena.allocate(1);
    }

    @TearDown(Level.Trial)
    public void close() {
        Syscalls.close(readFd);
        Syscalls.close(writeFd);
        arena.close();
    }

    @Benchmark
    public int getpidJextract() throws Throwable {
        return (int) GETPID_PLAIN.invokeExact();
    }

    @Benchmark
    public int getpidCritical() throws Throwable {
        return (int) GETPID_CRITICAL.invokeExact();
    }

    @Benchmark
    public int getpidTwine() {
        return Syscalls.getpid();
    }

    @Benchmark
    public long pipePlain() throws Throwable {
        long w = (long) WRITE_PLAIN.invokeExact(writeFd, oneByte, 1L);
        long r = (long) READ_PLAIN.invokeExact(readFd, oneByte, 1L);
        return check(w + r);
    }

    @Benchmark
    public long pipeCriticalHeap() throws Throwable {
        long w = (long) WRITE_CRITICAL.invokeExact(writeFd, arraySegment, 1L);
        long r = (long) READ_CRITICAL.invokeExact(readFd, arraySegment, 1L);
        return check(w + r);
    }

    @Benchmark
    public long pipeTwine() {
        int w = Syscalls.write(writeFd, array, 0, 1);
        int r = Syscalls.read(readFd, array, 0, 1);
        return check(w + r);
    }

    private static long check(long bytes) {
        if (bytes != 2) {
            throw new IllegalStateException("a 1-byte write and read moved " + bytes + " bytes");
        }
        return bytes;
    }
}
