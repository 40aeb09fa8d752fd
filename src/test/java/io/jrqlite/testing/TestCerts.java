package io.jrqlite.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
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
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates for TLS tests, made on the spot with BouncyCastle: a CA, certificates it signs (servers get SANs for
 * 127.0.0.1 and localhost), PEM files with keys in PKCS#8, PKCS#1 or SEC1 form, and client SSL contexts.
 */
public final class TestCerts {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);

    private TestCerts() {
    }

    /** A certificate with its private key; {@code chain} is the certificate followed by its issuers below the root. */
    public record Issued(X509Certificate cert, PrivateKey key, X509Certificate... chain) {
    }

    /** A certificate authority that signs what the tests need. */
    public record Ca(X509Certificate cert, KeyPair keys) {

        /** A new self-signed root. */
        public static Ca create(String cn) {
            KeyPair keys = rsa();
            return new Ca(sign(cn, keys.getPublic(), "CN=" + cn, keys.getPrivate(), true, null, Instant.now().minusSeconds(60),
                    Instant.now().plus(Duration.ofDays(1))), keys);
        }

        /** A certificate for 127.0.0.1 and localhost. */
        public Issued server(String cn) {
            return issue(cn, rsa(), true, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        }

        /** A certificate whose only subject alternative name is the DNS name {@code dnsName} (no address). */
        public Issued named(String cn, String dnsName) {
            KeyPair k = rsa();
            X509Certificate c = sign(cn, k.getPublic(), subject(), keys.getPrivate(), false,
                    new GeneralName[] {new GeneralName(GeneralName.dNSName, dnsName)}, Instant.now().minusSeconds(60),
                    Instant.now().plus(Duration.ofDays(1)));
            return new Issued(c, k.getPrivate(), c);
        }

        /** A server certificate with an EC key. */
        public Issued ecServer(String cn) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(256);
                return issue(cn, g.generateKeyPair(), true, Instant.now().minusSeconds(60),
                        Instant.now().plus(Duration.ofDays(1)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A client certificate with subject CN {@code cn}. */
        public Issued client(String cn) {
            return issue(cn, rsa(), false, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        }

        /** A CA signed by this one, for chain files. */
        public Ca intermediate(String cn) {
            KeyPair k = rsa();
            return new Ca(sign(cn, k.getPublic(), subject(), keys.getPrivate(), true, null,
                    Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1))), k);
        }

        private Issued issue(String cn, KeyPair k, boolean server, Instant from, Instant to) {
            X509Certificate c = sign(cn, k.getPublic(), subject(), keys.getPrivate(), false, server ? LOOPBACK : null,
                    from, to);
            return new Issued(c, k.getPrivate(), c);
        }

        private String subject() {
            return cert.getSubjectX500Principal().getName();
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final GeneralName[] LOOPBACK = {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost")};

    /**
     * @param issuer   the issuer's distinguished name, e.g. {@code CN=ca}
     * @param altNames the subject alternative names; null for none
     */
    private static X509Certificate sign(String cn, java.security.PublicKey subjectKey, String issuer,
            PrivateKey issuerKey, boolean ca, GeneralName[] altNames, Instant from, Instant to) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(from), Date.from(to),
                    new X500Name("CN=" + cn), subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (altNames != null) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
            }
            String alg = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes certificates as one PEM file, in the order given. */
    public static Path writeCerts(Path file, X509Certificate... certs) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate c : certs) {
                pem.writeObject(c);
            }
        }
        return Files.writeString(file, out.toString());
    }

    /** Writes the key as "BEGIN PRIVATE KEY" (PKCS#8). */
    public static Path writePkcs8(Path file, PrivateKey key) throws IOException {
        return write(file, pem -> pem.writeObject(new JcaPKCS8Generator(key, null)));
    }

    /** Writes an RSA key in OpenSSL's traditional form: "BEGIN RSA PRIVATE KEY" (PKCS#1). */
    public static Path writePkcs1(Path file, PrivateKey key) throws IOException {
        return write(file, pem -> pem.writeObject(key));
    }

    /** Writes an EC key as OpenSSL does: "BEGIN EC PRIVATE KEY" (SEC1) with the curve and the public point. */
    public static Path writeSec1(Path file, Issued ec) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.key().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner =
                org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(),
                SubjectPublicKeyInfo.getInstance(ec.cert().getPublicKey().getEncoded()).getPublicKeyData(),
                info.getPrivateKeyAlgorithm().getParameters());
        return write(file, pem -> pem.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded())));
    }

    private interface PemBody {
        void write(JcaPEMWriter pem) throws IOException;
    }

    private static Path write(Path file, PemBody body) throws IOException {
        Writer out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            body.write(pem);
        }
        return Files.writeString(file, out.toString());
    }

    /** Trusts the CA only. */
    public static SSLContext trusting(Ca ca) {
        return context(null, ca);
    }

    /** Presents {@code client} and trusts {@code ca}. */
    public static SSLContext presenting(Issued client, Ca ca) {
        return context(client, ca);
    }

    private static SSLContext context(Issued client, Ca ca) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.cert());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (client != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", client.key(), new char[0], client.chain());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts any server certificate, with no host name check ({@code curl -k}). */
    public static SSLContext trustingAny() {
        return io.jrqlite.tls.TrustingAny.sslContext();
    }
}
