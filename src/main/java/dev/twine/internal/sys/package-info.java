/**
 * The syscall layer: every call into glibc goes through here, with errno captured on the calling thread and turned
 * into an {@link dev.twine.internet.error.ErrnoException}, and with the native memory each call needs allocated,
 * tracked and freed. It depends only on the generated bindings ({@code dev.twine.internal.linux}, in
 * {@code bindings/}) and on {@code internet.error}; everything above it (reactor core, transports) reaches the kernel
 * only through this package. No Twisted module corresponds: Twisted gets the same calls from Python's {@code os},
 * {@code socket} and {@code select} modules. Not exported.
 */
package dev.twine.internal.sys;
