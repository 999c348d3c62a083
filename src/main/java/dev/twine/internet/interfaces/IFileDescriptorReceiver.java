package dev.twine.internet.interfaces;

/**
 * A protocol that takes descriptors passed over a UNIX connection: Twisted's {@code IFileDescriptorReceiver}. A
 * protocol that is not one has every descriptor it is sent closed by the transport.
 */
public interface IFileDescriptorReceiver {
    /**
     * A descriptor arrived (close-on-exec), before the byte it came with reaches {@code dataReceived}; the protocol
     * owns it now and must close it.
     */
    void fileDescriptorReceived(int fd);
}
