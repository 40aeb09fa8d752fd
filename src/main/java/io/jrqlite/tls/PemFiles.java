package io.jrqlite.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads PEM certificates and keys. BouncyCastle parses the keys: the JDK and Netty read only PKCS#8. */
public final class PemFiles {

    private PemFiles() {
    }

    /** Every certificate in the file, in file order (a chain: leaf first). */
    public static List<X509Certificate> certificates(byte[] pem, String file) throws IOException {
        try (InputStream in = new java.io.ByteArrayInputStream(pem)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new IOException("invalid certificate in " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<X509Certificate> certificates(Path file) throws IOException {
        return certificates(Files.readAllBytes(file), file.toString());
    }

    /** The first private key in the file: "PRIVATE KEY" (PKCS#8), "RSA PRIVATE KEY" or "EC PRIVATE KEY". */
    public static PrivateKey privateKey(byte[] pem, String file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader text = new StringReader(new String(pem, StandardCharsets.US_ASCII));
                PEMParser parser = new PEMParser(text)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo()); // the public half is optional in SEC1
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (RuntimeException e) { // BouncyCastle reports some malformed input unchecked
            throw new IOException("invalid private key in " + file + ": " + e.getMessage(), e);
        }
        throw new IOException("no unencrypted private key in " + file);
    }

    /** Fails unless the key signs what the certificate's public key verifies: a mismatched pair never serves. */
    public static void checkPair(PrivateKey key, X509Certificate leaf) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return; // an unusual algorithm: the handshake will tell
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // falls through: a key of another type than the certificate's
        }
        throw new IOException("private key does not match certificate");
    }
}
