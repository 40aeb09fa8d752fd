package io.jrqlite.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Writes the certificates {@code scripts/bench-tls} needs, since only a JDK is guaranteed (no openssl): a CA
 * ({@code ca.pem}) and one RSA-2048 certificate for 127.0.0.1 and localhost signed by it ({@code node.pem},
 * key {@code node-key.pem} in PKCS#8), which every node presents as HTTPS server, node TLS server and node TLS
 * client. Valid for a day: they live in the script's temporary directory.
 * Usage: {@code java -cp jrqlite.jar io.jrqlite.bench.BenchCerts DIR}
 */
public final class BenchCerts {

    private BenchCerts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchCerts DIR");
            System.exit(2);
        }
        write(Path.of(args[0]));
    }

    static void write(Path dir) throws IOException {
        Instant from = Instant.now().minus(Duration.ofMinutes(5));
        Instant to = Instant.now().plus(Duration.ofDays(1));
        KeyPair ca = rsa();
        X509Certificate caCert = sign("jrqlite bench CA", ca.getPublic(), "jrqlite bench CA", ca.getPrivate(), true,
                1, from, to);
        KeyPair node = rsa();
        X509Certificate nodeCert = sign("localhost", node.getPublic(), "jrqlite bench CA", ca.getPrivate(), false,
                2, from, to);
        Files.createDirectories(dir);
        pem(dir.resolve("ca.pem"), caCert);
        pem(dir.resolve("node.pem"), nodeCert);
        pem(dir.resolve("node-key.pem"), new JcaPKCS8Generator(node.getPrivate(), null));
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA in this JVM", e);
        }
    }

    private static X509Certificate sign(String cn, PublicKey subjectKey, String issuerCn, PrivateKey issuerKey,
            boolean ca, long serial, Instant from, Instant to) throws IOException {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerCn),
                    BigInteger.valueOf(serial), Date.from(from), Date.from(to), new X500Name("CN=" + cn), subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!ca) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot sign a certificate for " + cn, e);
        }
    }

    private static void pem(Path file, Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
        Files.writeString(file, out.toString());
    }
}
