/**
 * A TCP port forwarder: a server protocol that connects to a fixed host and port and relays bytes both ways with
 * flow control. A protocol; it depends only on {@code internet.protocol}, {@code interfaces}, {@code error} and
 * {@code python}, never on a transport. Corresponds to Twisted's {@code twisted.protocols.portforward}.
 */
package dev.twine.protocols.portforward;
