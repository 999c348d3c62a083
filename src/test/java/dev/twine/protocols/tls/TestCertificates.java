package dev.twine.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway keys and certificates made at run time by the {@code openssl} command into a test's temporary
 * directory (no private key is ever checked in): a CA; a server certificate for "localhost" and 127.0.0.1 signed by
 * it (PKCS#1 RSA key); a client certificate signed by it (SEC1 EC key); a server certificate for another name
 * signed by it; and a self-signed "localhost" certificate no one trusts (PKCS#8 EC key).
 */
public final class TestCertificates {
    public final Path dir;
    public final Path caKey;
    public final Path ca;
    public final Path serverKey;
    public final Path server;
    public final Path clientKey;
    public final Path client;
    public final Path otherHostKey;
    public final Path otherHost;
    public final Path untrustedKey;
    public final Path untrusted;

    private TestCertificates(Path dir) {
        this.dir = dir;
        caKey = dir.resolve("ca.key");
        ca = dir.resolve("ca.pem");
        serverKey = dir.resolve("server.key");
        server = dir.resolve("server.pem");
        clientKey = dir.resolve("client.key");
        client = dir.resolve("client.pem");
        otherHostKey = dir.resolve("other.key");
        otherHost = dir.resolve("other.pem");
        untrustedKey = dir.resolve("untrusted.key");
        untrusted = dir.resolve("untrusted.pem");
    }

    public static TestCertificates generate(Path dir) throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(dir);
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", c.caKey);
        openssl(dir, "req", "-x509", "-new", "-key", c.caKey, "-subj", "/CN=Twine Test CA", "-days", "2",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", c.ca);
        openssl(dir, "genrsa", "-traditional", "-out", c.serverKey, "2048");
        c.sign(c.serverKey, c.server, "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                + "extendedKeyUsage=serverAuth\n");
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", c.clientKey);
        c.sign(c.clientKey, c.client, "twine-client", "extendedKeyUsage=clientAuth\n");
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", c.otherHostKey);
        c.sign(c.otherHostKey, c.otherHost, "other.example", "subjectAltName=DNS:other.example\n"
                + "extendedKeyUsage=serverAuth\n");
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", c.untrustedKey);
        openssl(dir, "req", "-x509", "-new", "-key", c.untrustedKey, "-subj", "/CN=localhost", "-days", "2",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-out", c.untrusted);
        assertThat(Files.readString(c.serverKey)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(c.clientKey)).contains("BEGIN EC PRIVATE KEY");
        assertThat(Files.readString(c.caKey)).contains("BEGIN PRIVATE KEY");
        return c;
    }

    private void sign(Path key, Path cert, String commonName, String extensions)
            throws IOException, InterruptedException {
        Path csr = dir.resolve(commonName + ".csr");
        Path ext = dir.resolve(commonName + ".ext");
        Files.writeString(ext, extensions);
        openssl(dir, "req", "-new", "-key", key, "-subj", "/CN=" + commonName, "-out", csr);
        openssl(dir, "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-days", "2",
                "-extfile", ext, "-out", cert);
    }

    private static void openssl(Path dir, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        for (Object a : args) {
            command.add(a.toString());
        }
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl %s finished", command).isTrue();
            assertThat(p.exitValue()).as("openssl %s: %s", command, Files.readString(log)).isZero();
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }
}
