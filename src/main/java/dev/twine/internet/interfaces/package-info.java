/**
 * The contracts between reactor, transports and protocols: the {@code IReactor*} facets, {@code ITransport} and its
 * kin, {@code IProtocol}, producers and consumers, the service-provider interfaces through which the reactor finds
 * its transports, and the option records they take. An API contract: it depends only on {@code defer},
 * {@code scheduling} and {@code python}, and every other layer depends on it. Corresponds to Twisted's
 * {@code twisted.internet.interfaces}.
 */
package dev.twine.internet.interfaces;
