package io.jrqlite.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a stand-in node with a self-signed certificate made by keytool. */
class TlsContextTest {

    @TempDir
    Path dir;
    private HttpsServer server;
    private Path cert;

    @BeforeEach
    void start() throws Exception {
        Path store = dir.resolve("node.p12");
        cert = dir.resolve("node.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "secret",
                "-alias", "node", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1");
        run(keytool, "-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", "secret", "-alias", "node",
                "-file", cert.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/readyz", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private NodeClient client(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-s", "https", "-p",
                String.valueOf(server.getAddress().getPort())));
        args.addAll(List.of(extra));
        return new NodeClient(ShellOptions.parse(args, Map.of()));
    }

    @Test
    void aCaFileMakesTheNodesCertificateTrusted() throws Exception {
        assertThat(client("-c", cert.toString()).get("readyz").status()).isEqualTo(200);
    }

    @Test
    void anUnknownCertificateIsRefusedUnlessInsecure() throws Exception {
        assertThatThrownBy(() -> client().get("readyz")).isInstanceOf(java.io.IOException.class);
        assertThat(client("-i").get("readyz").status()).isEqualTo(200);
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        assertThatThrownBy(() -> ShellOptions.parse(List.of("-d", "c.pem"), Map.of()))
                .hasMessageContaining("go together");
    }
}
