/**
 * The addresses transports report for their ends: {@link dev.twine.internet.address.IPv4Address},
 * {@link dev.twine.internet.address.IPv6Address} and {@link dev.twine.internet.address.UNIXAddress}, immutable values.
 * An API contract: it depends only on {@code interfaces}, and never loads the syscall layer (so it needs no native
 * access). Corresponds to Twisted's {@code twisted.internet.address}.
 */
package dev.twine.internet.address;
