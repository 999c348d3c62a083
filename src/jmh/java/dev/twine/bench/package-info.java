/**
 * JMH benchmarks ({@code ./twine bench}): Twine's reactor, transports, syscalls and TLS against plain JDK code and
 * Netty's native epoll transport. Outside the library; it may use any Twine package, including the syscall layer and
 * the generated bindings, and Netty appears only here. No Twisted module corresponds.
 */
package dev.twine.bench;
