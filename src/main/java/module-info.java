/**
 * Twine: Twisted's reactor for Java 22+ on Linux, calling epoll and the socket system calls through
 * {@code java.lang.foreign}. Run with {@code --enable-native-access=dev.twine}.
 */
module dev.twine {
    // sun.misc.Signal: the only supported way for a library to handle SIGINT/SIGTERM on the JVM.
    requires jdk.unsupported;
    // jdk.net.ExtendedSocketOptions: the JDK's keys for TCP_KEEPIDLE and its kin (IConfigurableSocket).
    requires jdk.net;

    uses dev.twine.internet.interfaces.ITCPProvider;
    provides dev.twine.internet.interfaces.ITCPProvider with dev.twine.internet.tcp.TCPProvider;
    uses dev.twine.internet.interfaces.IUDPProvider;
    provides dev.twine.internet.interfaces.IUDPProvider with dev.twine.internet.udp.UDPProvider;
    uses dev.twine.internet.interfaces.IProcessProvider;
    provides dev.twine.internet.interfaces.IProcessProvider with dev.twine.internet.process.ProcessProvider;
    uses dev.twine.internet.interfaces.IUNIXProvider;
    provides dev.twine.internet.interfaces.IUNIXProvider with dev.twine.internet.unix.UNIXProvider;

    uses dev.twine.internet.interfaces.ISSLProvider;
    provides dev.twine.internet.interfaces.ISSLProvider with dev.twine.protocols.tls.SSLProvider;

    exports dev.twine.python;
    exports dev.twine.internet.address;
    exports dev.twine.internet.error;
    exports dev.twine.internet.interfaces;
    exports dev.twine.internet.protocol;
    exports dev.twine.internet.defer;
    exports dev.twine.internet.scheduling;
    exports dev.twine.internet.base;
    exports dev.twine.internet.posixbase;
    exports dev.twine.internet.epollreactor;
    exports dev.twine.internet.task;
    exports dev.twine.internet.threads;
    exports dev.twine.protocols.wire;
    exports dev.twine.protocols.portforward;
    exports dev.twine.internet.ssl;
    exports dev.twine.protocols.tls;
}
