package dev.twine.internal.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Turns jextract's symbol addresses and descriptors into the downcall handles the syscall layer calls. Every
 * handle captures errno (jextract's own handles do not), so a failure reports the errno of that very call and not
 * whatever the JVM's own native code left behind.
 */
final class Handles {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    /**
     * Whether {@code critical} may be combined with {@code captureCallState}: JDK 24 and later. On 22 and 23 the
     * fast handles fall back to plain capturing ones and heap arrays are copied through native scratch memory.
     */
    static final boolean CRITICAL_CAPTURE = probeCriticalCapture();

    private Handles() {
    }

    private static boolean probeCriticalCapture() {
        // -Dtwine.criticalHandles=false forces the JDK 22-23 path, to test and measure it on a newer JDK.
        if (!Boolean.parseBoolean(System.getProperty("twine.criticalHandles", "true"))) {
            return false;
        }
        try {
            LINKER.downcallHandle(FunctionDescriptor.of(ValueLayout.JAVA_INT),
                    ERRNO, Linker.Option.critical(true));
            return true;
        } catch (IllegalArgumentException unsupported) {
            return false;
        }
    }

    /**
     * A handle for a call that never blocks: critical (no thread-state transition, heap segments allowed) where
     * the JDK permits it together with errno capture. Its first parameter is the errno capture segment.
     */
    static MethodHandle nonBlocking(MemorySegment address, FunctionDescriptor descriptor) {
        return CRITICAL_CAPTURE
                ? LINKER.downcallHandle(address, descriptor, ERRNO, Linker.Option.critical(true))
                : LINKER.downcallHandle(address, descriptor, ERRNO);
    }

    /** A handle for a call that may block (the JVM must see the thread leave Java). First parameter: errno. */
    static MethodHandle blocking(MemorySegment address, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address, descriptor, ERRNO);
    }

    /** A variadic call's handle, fixed to the given full descriptor; {@code fixedArgs} arguments precede the "...". */
    static MethodHandle variadic(MemorySegment address, FunctionDescriptor descriptor, int fixedArgs) {
        return CRITICAL_CAPTURE
                ? LINKER.downcallHandle(address, descriptor, ERRNO, Linker.Option.firstVariadicArg(fixedArgs),
                        Linker.Option.critical(true))
                : LINKER.downcallHandle(address, descriptor, ERRNO, Linker.Option.firstVariadicArg(fixedArgs));
    }

    /** A variadic call's handle for a call that may block ({@code open} of a FIFO, NFS): never critical. */
    static MethodHandle variadicBlocking(MemorySegment address, FunctionDescriptor descriptor, int fixedArgs) {
        return LINKER.downcallHandle(address, descriptor, ERRNO, Linker.Option.firstVariadicArg(fixedArgs));
    }

    /**
     * The address of the C library's {@code name}, for the few calls the generated bindings lack (they are bound
     * here by name, with the same handles as the rest).
     *
     * @throws UnsatisfiedLinkError if the C library has no such symbol
     */
    static MemorySegment libc(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
    }

    /** A critical handle that does not capture errno, for calls whose failure the caller ignores. */
    static MethodHandle nonBlockingNoErrno(MemorySegment address, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address, descriptor, Linker.Option.critical(false));
    }
}
