package dev.twine.protocols.tls;

import dev.twine.internet.epollreactor.EPollReactor;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.ITLSContextFactory;
import dev.twine.internet.protocol.ClientFactory;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.ssl.ClientContextFactory;
import dev.twine.internet.ssl.ServerContextFactory;
import dev.twine.testing.ReactorFixture;
import dev.twine.testing.Reactors;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame of the TLS tests: certificates made once per class by {@code openssl}, a fresh reactor per test with
 * leak and log checks ({@link ReactorFixture}) whose thread pool runs (for the engine's delegated tasks), and a
 * bounded loop iterating the reactor until a condition holds.
 */
abstract class TlsTestBase {
    @TempDir
    static Path certificateDir;
    static TestCertificates certs;

    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    final List<IListeningPort> ports = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.generate(certificateDir);
        // The JDK opens its entropy source and loads its providers once, for good: not this test's leak.
        new SecureRandom().nextBytes(new byte[16]);
        SSLContext.getDefault().createSSLEngine();
        serverContext(b -> b).createEngine(null, -1);
    }

    @BeforeEach
    void startThreadPool() {
        // The reactor is iterated, never run: start its pool by hand for the engine's delegated tasks.
        reactor().getThreadPool().start();
    }

    EPollReactor reactor() {
        return fixture.reactor();
    }

    static ServerContextFactory serverContext(
            java.util.function.UnaryOperator<ServerContextFactory.Builder> settings) {
        return settings.apply(ServerContextFactory.fromPem(certs.serverKey, certs.server)).build();
    }

    static ClientContextFactory.Builder trustingTestCa() {
        return ClientContextFactory.builder().trustAnchors(certs.ca);
    }

    /** Listens for TLS on 127.0.0.1, any free port; returns the port number. */
    int listen(ITLSContextFactory context, Supplier<IProtocol> protocol) {
        IListeningPort port = reactor().listenSSL(0, Factory.forProtocol(protocol), context, 50, "127.0.0.1");
        ports.add(port);
        return port.getHost() instanceof dev.twine.internet.address.IPv4Address a ? a.port() : -1;
    }

    void connect(String host, int port, ITLSContextFactory context, IProtocol protocol) {
        reactor().connectSSL(host, port, ClientFactory.forProtocol(() -> protocol), context, 10, null);
    }

    void runUntil(BooleanSupplier done, double seconds) {
        Reactors.iterateUntil(reactor(), seconds, done);
    }

    void runUntil(BooleanSupplier done) {
        runUntil(done, Reactors.ITERATE_UNTIL_SECONDS);
    }

    void settle() {
        Reactors.settle(reactor());
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @AfterEach
    void disconnectEverything() {
        for (IListeningPort p : ports) {
            p.stopListening();
        }
        reactor().disconnectAll();
        settle();
    }
}
