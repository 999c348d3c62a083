package dev.twine.internet.unix;

import dev.twine.internet.interfaces.ITCPTransport;
import dev.twine.internet.interfaces.IUNIXTransport;

/** A UNIX stream transport, accepted or connected, with what the tests look at: the descriptors not sent yet. */
interface DescriptorTransport extends IUNIXTransport, ITCPTransport {
    /** Descriptors queued and not yet sent. */
    int queuedFileDescriptors();
}
