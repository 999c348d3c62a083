/**
 * The network demo run by {@code ./twine demo}: echo, HTTP, port forwarding and timers on one reactor, written as
 * user code would be. At the top of the layering: it may use any exported package (and uses a few internal helpers
 * for its report), and nothing depends on it. No Twisted module corresponds. Not exported.
 */
package dev.twine.demo;
