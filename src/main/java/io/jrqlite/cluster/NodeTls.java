package io.jrqlite.cluster;

import io.jrqlite.http.PemFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Node-to-node TLS on the Raft port ({@code -node-cert}, {@code -node-key}, {@code -node-ca-cert},
 * {@code -node-verify-client}). Raft, jraft's client and our {@link ClusterClient} all use Bolt's RPC server and
 * clients, which take their TLS settings from {@code bolt.server.ssl.*} / {@code bolt.client.ssl.*} system
 * properties: so the settings are per process (one node per process). Bolt reads keys and trust from one key store
 * file, so the PEM files become a PKCS#12 file in the data directory holding the key with its chain and the trusted
 * CA certificates. Bolt checks no host names: a peer is trusted when its chain ends at a trusted CA.
 */
public final class NodeTls {

    static final String STORE_FILE = "node-tls.p12";
    private static final String ENABLED = "bolt.server.ssl.enable";

    private NodeTls() {
    }

    /**
     * Writes the key store and turns TLS on for every Bolt server and client this process makes afterwards.
     *
     * @param caFile PEM CA certificates peers must chain to; empty for the JDK's default roots
     * @throws IOException naming the file that cannot be read or is not what it should be
     */
    public static void enable(Path dataDir, String certFile, String keyFile, String caFile, boolean verifyClient)
            throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(Path.of(certFile));
        PrivateKey key = PemFiles.privateKey(Files.readAllBytes(Path.of(keyFile)), keyFile);
        PemFiles.checkPair(key, chain.get(0));
        List<X509Certificate> trusted = caFile.isEmpty() ? defaultRoots() : PemFiles.certificates(Path.of(caFile));

        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret); // lives only in this process
        Path file = dataDir.resolve(STORE_FILE);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", key, password.toCharArray(), chain.toArray(X509Certificate[]::new));
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("ca-" + i, trusted.get(i));
            }
            Files.deleteIfExists(file); // a stale file may have other permissions
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the node TLS key store: " + e.getMessage(), e);
        }
        for (String side : List.of("server", "client")) {
            System.setProperty("bolt." + side + ".ssl.keystore", file.toString());
            System.setProperty("bolt." + side + ".ssl.keystore.password", password);
            System.setProperty("bolt." + side + ".ssl.keystore.type", "PKCS12");
        }
        System.setProperty("bolt.server.ssl.clientAuth", Boolean.toString(verifyClient));
        System.setProperty("bolt.client.ssl.enable", "true");
        System.setProperty(ENABLED, "true");
    }

    /** Whether this process speaks TLS between nodes, for {@code /status}. */
    public static boolean enabled() {
        return Boolean.getBoolean(ENABLED);
    }

    private static List<X509Certificate> defaultRoots() throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return List.of(x509.getAcceptedIssuers());
                }
            }
            return List.of();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the default trusted roots: " + e.getMessage(), e);
        }
    }
}
