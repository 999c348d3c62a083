package dev.twine.internet.ssl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys and certificates in PEM, as OpenSSL writes them: Twisted's {@code PrivateCertificate.loadPEM} and friends.
 * Private keys in PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC, Ed25519...), PKCS#1 ({@code BEGIN RSA PRIVATE KEY})
 * and SEC1 ({@code BEGIN EC PRIVATE KEY}); encrypted keys are refused with a message saying so. Other blocks (such
 * as {@code EC PARAMETERS}) are skipped.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    /** DER of the rsaEncryption algorithm identifier: SEQUENCE { OID 1.2.840.113549.1.1.1, NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** DER of the OID id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {
    }

    /** The private key in the PEM file at {@code path}. */
    public static PrivateKey privateKey(Path path) {
        try {
            return privateKey(Files.readString(path, StandardCharsets.US_ASCII), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the private key " + path, e);
        }
    }

    /** The private key in {@code pem}. */
    public static PrivateKey privateKey(String pem) {
        return privateKey(pem, "the PEM text");
    }

    private static PrivateKey privateKey(String pem, String source) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            if (body.contains("ENCRYPTED") || type.equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException("the private key in " + source
                        + " is encrypted; give it unencrypted (openssl pkcs8 -nocrypt)");
            }
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(decode(body, source));
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrap(RSA_ALGORITHM, decode(body, source)));
                }
                case "EC PRIVATE KEY" -> {
                    byte[] sec1 = decode(body, source);
                    byte[] algorithm = sequence(EC_PUBLIC_KEY, curveOf(sec1, source));
                    return pkcs8(wrap(algorithm, sec1));
                }
                default -> {
                    // not a key: EC PARAMETERS, a certificate in the same file...
                }
            }
        }
        throw new IllegalArgumentException("no private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) in "
                + source);
    }

    /** The certificates in the PEM file at {@code path}, in file order (a chain: its leaf first). */
    public static List<X509Certificate> certificates(Path path) {
        try {
            return certificates(Files.readString(path, StandardCharsets.US_ASCII), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the certificates " + path, e);
        }
    }

    /** The certificates in {@code pem}, in order. */
    public static List<X509Certificate> certificates(String pem) {
        return certificates(pem, "the PEM text");
    }

    private static List<X509Certificate> certificates(String pem, String source) {
        List<X509Certificate> result = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(pem);
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    result.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(decode(m.group(2), source))));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a certificate in " + source + " is not valid: " + e.getMessage(), e);
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("no certificate (BEGIN CERTIFICATE) in " + source);
        }
        return result;
    }

    private static byte[] decode(String body, String source) {
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 in " + source + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA", "X25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("the private key is of no algorithm the JDK reads: " + last.getMessage(),
                last);
    }

    /** PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, algorithm, OCTET STRING key }. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return sequence(new byte[] {0x02, 0x01, 0x00}, algorithm, tagged(0x04, key));
    }

    /** The named curve's OID of a SEC1 ECPrivateKey: its {@code [0]} parameters. */
    private static byte[] curveOf(byte[] sec1, String source) {
        int[] pos = {0};
        if ((sec1[pos[0]++] & 0xff) != 0x30) {
            throw new IllegalArgumentException("the EC private key in " + source + " is not a DER sequence");
        }
        int end = length(sec1, pos) + pos[0];
        while (pos[0] < end) {
            int tag = sec1[pos[0]++] & 0xff;
            int length = length(sec1, pos);
            if (tag == 0xa0) {
                int start = pos[0];
                if ((sec1[start] & 0xff) != 0x06) {
                    break;
                }
                byte[] oid = new byte[length];
                System.arraycopy(sec1, start, oid, 0, length);
                return oid;
            }
            pos[0] += length;
        }
        throw new IllegalArgumentException("the EC private key in " + source
                + " names no curve; write it with its parameters (openssl ec -param_enc named_curve)");
    }

    private static int length(byte[] der, int[] pos) {
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = first & 0x7f;
        int length = 0;
        for (int i = 0; i < n; i++) {
            length = (length << 8) | (der[pos[0]++] & 0xff);
        }
        return length;
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        return tagged(0x30, body.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
