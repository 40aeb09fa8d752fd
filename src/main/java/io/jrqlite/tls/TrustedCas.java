package io.jrqlite.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Chain verification against a PEM CA file, or against the JDK's default roots when no file is given. */
public final class TrustedCas {

    private TrustedCas() {
    }

    /**
     * @param caFile PEM CA certificates; empty for the JDK's roots
     * @throws IOException naming the file when it cannot be read or holds no valid certificate
     */
    public static X509ExtendedTrustManager from(String caFile) throws IOException {
        try {
            KeyStore roots = null;
            if (!caFile.isEmpty()) {
                roots = KeyStore.getInstance("PKCS12");
                roots.load(null, null);
                int i = 0;
                for (X509Certificate ca : PemFiles.certificates(Path.of(caFile))) {
                    roots.setCertificateEntry("ca" + i++, ca);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(roots);
            return Arrays.stream(tmf.getTrustManagers())
                    .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                    .findFirst().orElseThrow(() -> new IOException("no X.509 trust manager"));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use CA certificates " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** {@code chains}, then a client's leaf certificate must carry subject CN {@code commonName} (if not empty). */
    public static X509ExtendedTrustManager requiringCommonName(X509ExtendedTrustManager chains, String commonName) {
        return commonName.isEmpty() ? chains : new CommonNameTrustManager(chains, commonName);
    }
}
