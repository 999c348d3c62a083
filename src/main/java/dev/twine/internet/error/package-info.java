/**
 * The exceptions Twine raises or hands to errbacks, named as Twisted names them (for example
 * {@link dev.twine.internet.error.ConnectionDone}, {@link dev.twine.internet.error.ConnectionLost}) plus
 * {@link dev.twine.internet.error.ErrnoException} for a failed system call. An API contract at the bottom of the
 * graph: it depends on no other Twine package, so every layer may use it. Corresponds to Twisted's
 * {@code twisted.internet.error}.
 */
package dev.twine.internet.error;
