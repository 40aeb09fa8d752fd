package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrqlite.testing.TestCerts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTlsTest {

    private static TestCerts.Ca ca;
    private static SSLContext serverTls;

    @BeforeAll
    static void certificates() {
        ca = TestCerts.Ca.create("bench-test-ca");
        serverTls = TestCerts.presenting(ca.server("localhost"), ca);
    }

    /** Counts server certificate checks: the JDK client makes one per full handshake and none on a resumption. */
    private static final class CountingTrust extends X509ExtendedTrustManager {
        final AtomicInteger fullHandshakes = new AtomicInteger();

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            fullHandshakes.incrementAndGet();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            fullHandshakes.incrementAndGet();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            fullHandshakes.incrementAndGet();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static ClientTls counting(CountingTrust trust) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trust}, null);
        return new ClientTls(ctx.getSocketFactory(), "127.0.0.1", false);
    }

    private static byte[] get(Target t, boolean newConn) throws Exception {
        BenchConfig cfg = newConn ? BenchConfig.parse("-m", "GET", "-new-conn", "SELECT 1")
                : BenchConfig.parse("-m", "GET", "SELECT 1");
        return BenchRequest.forRun(cfg, t).bytes();
    }

    @Test
    void keepAliveDoesOneHandshakeAndNewConnDoesAFullOneForEveryRequest() throws Exception {
        try (StubServer server = new StubServer(4, serverTls)) {
            Target t = Target.resolve("https://127.0.0.1:" + server.port(), false);
            InetSocketAddress address = new InetSocketAddress(t.addresses().get(0), t.port());

            CountingTrust keepAlive = new CountingTrust();
            try (HttpConnection c = new HttpConnection(address, counting(keepAlive), false)) {
                for (int i = 0; i < 5; i++) {
                    assertThat(c.exchange(get(t, false), 10_000)).isEqualTo(200);
                    assertThat(c.bodyText()).isEqualTo(StubServer.OK_BODY);
                }
            }
            assertThat(keepAlive.fullHandshakes).hasValue(1);

            // Without the session's invalidation the JDK resumes it, and this count would stay at 1.
            CountingTrust fresh = new CountingTrust();
            try (HttpConnection c = new HttpConnection(address, counting(fresh), true)) {
                for (int i = 0; i < 5; i++) {
                    assertThat(c.exchange(get(t, true), 10_000)).isEqualTo(200);
                    assertThat(c.bodyText()).isEqualTo(StubServer.OK_BODY);
                }
            }
            assertThat(fresh.fullHandshakes).hasValue(5);
            assertThat(server.requestCount()).isEqualTo(10);
        }
    }

    @Test
    void caCertVerifiesTheServerAndItsName(@TempDir Path dir) throws Exception {
        Path ours = TestCerts.writeCerts(dir.resolve("ca.pem"), ca.cert());
        Path other = TestCerts.writeCerts(dir.resolve("other.pem"), TestCerts.Ca.create("other-ca").cert());
        try (StubServer server = new StubServer(2, serverTls)) {
            Target t = Target.resolve("https://localhost:" + server.port(), false);
            InetSocketAddress address = HttpConnection.reachable(t, 5_000);
            try (HttpConnection c = new HttpConnection(address, ClientTls.forTarget(t, ours.toString()), false)) {
                assertThat(c.exchange(get(t, false), 10_000)).isEqualTo(200);
            }
            try (HttpConnection c = new HttpConnection(address, ClientTls.forTarget(t, other.toString()), false)) {
                assertThatThrownBy(() -> c.exchange(get(t, false), 10_000)).isInstanceOf(SSLHandshakeException.class);
            }
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void caCertNeedsHttpsAndAReadableFile(@TempDir Path dir) throws Exception {
        Target plain = Target.resolve("127.0.0.1:4001", false);
        assertThat(ClientTls.forTarget(plain, "")).isNull();
        assertThatThrownBy(() -> ClientTls.forTarget(plain, "ca.pem")).hasMessageContaining("needs an https://");
        Target https = Target.resolve("https://127.0.0.1:4001", false);
        assertThat(ClientTls.forTarget(https, "")).isNotNull();
        assertThatThrownBy(() -> ClientTls.forTarget(https, dir.resolve("missing.pem").toString()))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("-ca-cert");
    }

    @Test
    void rqbenchRunsOverHttpsWithANewConnectionPerRequest() throws Exception {
        try (StubServer server = new StubServer(4, serverTls)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = Rqbench.run(new String[] {"-a", "https://127.0.0.1:" + server.port(), "-n", "20", "-c", "2",
                    "-new-conn", "-p", "/readyz", "-m", "GET", "SELECT 1"},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(rc).as(text + err.toString(StandardCharsets.UTF_8)).isEqualTo(Rqbench.EXIT_OK);
            assertThat(text).contains("GET https://127.0.0.1:" + server.port() + "/readyz",
                    "full TLS handshake each", "RESULT requests=20 errors=0");
            assertThat(server.requestCount()).isEqualTo(20);
            assertThat(server.seen()).allSatisfy(s -> assertThat(s.uri().getPath()).isEqualTo("/readyz"));
        }
    }
}
