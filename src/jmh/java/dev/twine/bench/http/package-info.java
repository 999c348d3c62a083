/**
 * Servers and tools for the HTTP and idle-connection benchmarks ({@code ./twine http-bench},
 * {@code ./twine idle-bench}): Netty and NIO peers of the demo's HTTP responder, its request parser, and the chart
 * writer. Outside the library; it uses only the JDK and Netty. No Twisted module corresponds.
 */
package dev.twine.bench.http;
