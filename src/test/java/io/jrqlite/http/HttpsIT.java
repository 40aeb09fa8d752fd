package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jrqlite.cli.CommandLine;
import io.jrqlite.cli.NodeConfig;
import io.jrqlite.cli.RunningNode;
import io.jrqlite.testing.Api;
import io.jrqlite.testing.FreePorts;
import io.jrqlite.testing.TestCerts;
import io.jrqlite.testing.TestCerts.Ca;
import io.jrqlite.testing.TestCerts.Issued;
import io.jrqlite.testing.TestCluster;
import io.jrqlite.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS: keys in every PEM form, chains, ALPN and HTTP/2, client certificates, hot reload, a cluster. */
class HttpsIT {

    @TempDir
    Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();
    private static Ca ca;
    private static Ca otherCa;
    private static Issued server;

    @BeforeAll
    static void certificates() {
        ca = Ca.create("test-ca");
        otherCa = Ca.create("other-ca");
        server = ca.server("node");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    private String[] serverFiles(Issued issued, boolean pkcs1) throws IOException {
        Path cert = TestCerts.writeCerts(dir.resolve("server.crt"), issued.chain());
        Path key = pkcs1 ? TestCerts.writePkcs1(dir.resolve("server.key"), issued.key())
                : TestCerts.writePkcs8(dir.resolve("server.key"), issued.key());
        return new String[] {"-http-cert", cert.toString(), "-http-key", key.toString()};
    }

    private TestNode node(String name, String... flags) {
        TestNode n = TestNode.start(dir.resolve(name), flags);
        started.add(n);
        return n;
    }

    /** Starts a node without waiting on its API (which may want a client certificate). */
    private RunningNode raw(String name, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("-node-id", name, "-http-addr", "127.0.0.1:" + FreePorts.next(),
                "-raft-addr", "127.0.0.1:" + FreePorts.next()));
        args.addAll(List.of(flags));
        args.add(dir.resolve(name).toString());
        NodeConfig config = CommandLine.forSystem(() -> "test").parse(args);
        RunningNode n = RunningNode.start(config, args, reason -> {
            throw new IllegalStateException(reason);
        });
        started.add(n);
        return n;
    }

    private static HttpClient client(SSLContext tls, HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(tls).version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> get(HttpClient client, int port, String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLSocket handshake(int port, SSLContext tls, String... protocols) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        s.startHandshake();
        return s;
    }

    @Test
    void servesWritesAndReadsWithAPkcs1KeyAndReportsHttps() throws Exception {
        TestNode n = node("n", serverFiles(server, true));
        assertThat(Files.readString(dir.resolve("server.key"))).contains("BEGIN RSA PRIVATE KEY");
        Api api = n.api();
        assertThat(api.execute("[\"CREATE TABLE t (x TEXT)\", \"INSERT INTO t VALUES('over tls')\"]").status())
                .isEqualTo(200);
        assertThat(api.query("SELECT x FROM t", "").body()).contains("over tls");

        String status = api.get("/status?pretty").body();
        assertThat(status).contains("\"https\": \"true\"").contains("\"api_addr\": \"" + n.httpAddress() + "\"")
                .contains("\"client_auth\": \"NoClientCert\"").contains("\"h2\"");
        assertThat(api.get("/nodes").body()).contains("\"api_addr\":\"https://" + n.httpAddress() + "\"");

        // The CA verifies the server for a client that checks, host name included.
        HttpResponse<String> checked = get(client(TestCerts.trusting(ca), HttpClient.Version.HTTP_1_1),
                n.httpPort(), "/db/query?q=SELECT%201");
        assertThat(checked.statusCode()).isEqualTo(200);
    }

    @Test
    void alpnPicksHttp2AndHttp2ServesTheApi() throws Exception {
        TestNode n = node("n", serverFiles(server, false));
        try (SSLSocket s = handshake(n.httpPort(), TestCerts.trusting(ca))) {
            // The JDK client offers no protocols unless asked: then the server falls back to HTTP/1.1.
            assertThat(s.getApplicationProtocol()).isEmpty();
        }
        SSLSocket offering = (SSLSocket) TestCerts.trusting(ca).getSocketFactory().createSocket("127.0.0.1",
                n.httpPort());
        try (offering) {
            var params = offering.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            offering.setSSLParameters(params);
            offering.startHandshake();
            assertThat(offering.getApplicationProtocol()).isEqualTo("h2");
        }

        HttpClient h2 = client(TestCerts.trusting(ca), HttpClient.Version.HTTP_2);
        HttpResponse<String> write = h2.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + n.httpPort() + "/db/execute"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[\"CREATE TABLE t (x)\", \"INSERT INTO t VALUES(7)\"]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(write.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(write.statusCode()).isEqualTo(200);
        HttpResponse<String> read = get(h2, n.httpPort(), "/db/query?q=SELECT%20x%20FROM%20t");
        assertThat(read.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(read.body()).contains("[7]");
        // A backup is streamed from a file: over HTTP/2 too.
        HttpResponse<byte[]> backup = h2.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + n.httpPort() + "/db/backup")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(backup.statusCode()).isEqualTo(200);
        assertThat(new String(backup.body(), 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
    }

    @Test
    void onlyTls12AndTls13AreEnabled() throws Exception {
        TestNode n = node("n", serverFiles(server, false));
        try (SSLSocket s = handshake(n.httpPort(), TestCerts.trusting(ca), "TLSv1.2")) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
        try (SSLSocket s = handshake(n.httpPort(), TestCerts.trusting(ca), "TLSv1.3")) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        // The JDK client no longer speaks TLS 1.1, so its hello is written by hand; the same hello as TLS 1.2 is the
        // control that the bytes make sense.
        assertThat(firstRecordType(n.httpPort(), 0x0303)).as("answer to a TLS 1.2 hello").isEqualTo(0x16);
        assertThat(firstRecordType(n.httpPort(), 0x0302)).as("answer to a TLS 1.1 hello").isNotEqualTo(0x16);
        ServerTls tls = ServerTls.load(new TlsSettings(dir.resolve("server.crt").toString(),
                dir.resolve("server.key").toString(), "", false, ""));
        try {
            assertThat(tls.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT).engine().getEnabledProtocols())
                    .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        } finally {
            tls.close();
        }
    }

    @Test
    void aChainFileAndAnEcKeyWork() throws Exception {
        Ca intermediate = ca.intermediate("intermediate");
        Issued leaf = intermediate.ecServer("node");
        Path cert = TestCerts.writeCerts(dir.resolve("chain.crt"), leaf.cert(), intermediate.cert());
        Path key = TestCerts.writeSec1(dir.resolve("ec.key"), leaf);
        assertThat(Files.readString(key)).contains("BEGIN EC PRIVATE KEY");
        TestNode n = node("n", "-http-cert", cert.toString(), "-http-key", key.toString());
        try (SSLSocket s = handshake(n.httpPort(), TestCerts.trusting(ca))) { // the root alone: needs the chain
            Certificate[] presented = s.getSession().getPeerCertificates();
            assertThat(presented).hasSize(2);
        }
        assertThat(n.api().get("/readyz").status()).isEqualTo(200);
    }

    @Test
    void clientCertificatesAreRequiredAndVerified() throws Exception {
        Path caFile = TestCerts.writeCerts(dir.resolve("ca.crt"), ca.cert());
        int port = raw("n", append(serverFiles(server, false), "-http-ca-cert", caFile.toString(),
                "-http-verify-client")).httpAddress().getPort();
        HttpClient good = client(TestCerts.presenting(ca.client("good"), ca), HttpClient.Version.HTTP_1_1);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(good, port, "/readyz").statusCode() == 200);
        assertThat(get(good, port, "/status").body()).contains("RequireAndVerifyClientCert");

        HttpClient none = client(TestCerts.trusting(ca), HttpClient.Version.HTTP_1_1);
        assertThatThrownBy(() -> get(none, port, "/status")).isInstanceOf(IOException.class);
        HttpClient foreign = client(TestCerts.presenting(otherCa.client("good"), ca), HttpClient.Version.HTTP_1_1);
        assertThatThrownBy(() -> get(foreign, port, "/status")).isInstanceOf(IOException.class);
    }

    @Test
    void theClientCommonNameMustMatch() throws Exception {
        Path caFile = TestCerts.writeCerts(dir.resolve("ca.crt"), ca.cert());
        int port = raw("n", append(serverFiles(server, false), "-http-ca-cert", caFile.toString(),
                "-http-verify-client", "-http-verify-common-name", "good")).httpAddress().getPort();
        HttpClient good = client(TestCerts.presenting(ca.client("good"), ca), HttpClient.Version.HTTP_1_1);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(good, port, "/readyz").statusCode() == 200);
        HttpClient bad = client(TestCerts.presenting(ca.client("bad"), ca), HttpClient.Version.HTTP_1_1);
        assertThatThrownBy(() -> get(bad, port, "/status")).isInstanceOf(IOException.class);
    }

    @Test
    void aReplacedCertificateServesNewConnectionsWhileOpenOnesGoOn() throws Exception {
        TestNode n = node("n", serverFiles(server, false));
        SSLContext trusting = TestCerts.trusting(ca);
        try (SSLSocket open = handshake(n.httpPort(), trusting)) {
            assertThat(serial(open)).isEqualTo(server.cert().getSerialNumber());
            assertThat(request(open)).startsWith("HTTP/1.1 200");

            Issued renewed = ca.server("node");
            Path tmpCert = TestCerts.writeCerts(dir.resolve("new.crt"), renewed.chain());
            Path tmpKey = TestCerts.writePkcs8(dir.resolve("new.key"), renewed.key());
            Files.move(tmpKey, dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmpCert, dir.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (SSLSocket fresh = handshake(n.httpPort(), trusting)) {
                    return serial(fresh).equals(renewed.cert().getSerialNumber());
                }
            });
            assertThat(request(open)).startsWith("HTTP/1.1 200");
            assertThat(serial(open)).isEqualTo(server.cert().getSerialNumber());
        }
    }

    @Test
    void unusableCertificatesOrKeysStopTheStart() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        String[] good = serverFiles(server, false);
        assertThatThrownBy(() -> raw("a", "-http-cert", garbage.toString(), "-http-key", good[3]))
                .isInstanceOf(RunningNode.StartupException.class).hasMessageContaining("failed to set up HTTPS");
        assertThatThrownBy(() -> raw("b", "-http-cert", good[1], "-http-key", garbage.toString()))
                .isInstanceOf(RunningNode.StartupException.class).hasMessageContaining("garbage.pem");
        Path otherKey = TestCerts.writePkcs8(dir.resolve("other.key"), ca.server("x").key());
        assertThatThrownBy(() -> raw("c", "-http-cert", good[1], "-http-key", otherKey.toString()))
                .isInstanceOf(RunningNode.StartupException.class).hasMessageContaining("does not match");
    }

    @Test
    void joiningAnHttpsAddressIsCaught() throws Exception {
        TestNode https = node("n", serverFiles(server, false));
        assertThatThrownBy(() -> raw("j", "-join", https.httpAddress(), "-join-attempts", "1",
                "-join-interval", "1s"))
                .isInstanceOf(RunningNode.StartupException.class).hasMessageContaining("serving HTTP");
    }

    @Test
    void aClusterAdvertisesHttpsUrlsAndForwardsWrites() throws Exception {
        String[] files = serverFiles(server, false);
        try (TestCluster cluster = new TestCluster(dir.resolve("cluster"))) {
            List<TestNode> nodes = cluster.startThree(files);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String list = nodes.get(2).api().get("/nodes").body();
                for (TestNode t : nodes) {
                    assertThat(list).contains("\"api_addr\":\"https://" + t.httpAddress() + "\"");
                }
            });
            // Leadership may move on a loaded machine: each attempt looks up who leads now.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TestNode leader = nodes.stream().filter(t -> t.api().get("/status").body()
                        .contains("\"state\":\"Leader\"")).findFirst().orElseThrow();
                TestNode follower = nodes.stream().filter(t -> t != leader).findFirst().orElseThrow();
                Api.Reply moved = follower.api().post("/db/execute?redirect", "[\"CREATE TABLE t (x)\"]");
                assertThat(moved.status()).isEqualTo(301);
                assertThat(moved.header("Location")).startsWith("https://" + leader.httpAddress() + "/db/execute");
                Api.Reply forwarded = follower.api().execute(
                        "[\"CREATE TABLE IF NOT EXISTS t (x)\", \"INSERT INTO t VALUES(1)\"]");
                assertThat(forwarded.status()).isEqualTo(200);
                assertThat(forwarded.body()).doesNotContain("error");
            });
            assertThat(nodes.get(0).api().query("SELECT DISTINCT x FROM t", "level=strong").body())
                    .contains("\"values\":[[1]]");
        }
    }

    private static String[] append(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    /**
     * Sends a minimal ClientHello for {@code version} (RSA and ECDHE-RSA suites, P-256, RSA signatures) and returns
     * the content type of the server's first record: 0x16 handshake (a ServerHello), 0x15 alert, or -1 closed.
     */
    private static int firstRecordType(int port, int version) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version);
        body.write(new byte[32], 0, 32); // random
        body.write(0); // no session id
        int[] suites = {0xc02f, 0xc013, 0x009c, 0x002f};
        body.write(0);
        body.write(suites.length * 2);
        for (int suite : suites) {
            body.write(suite >> 8);
            body.write(suite);
        }
        body.write(1); // one compression method: none
        body.write(0);
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00, // ec_point_formats: uncompressed
            0x00, 0x0d, 0x00, 0x06, 0x00, 0x04, 0x04, 0x01, 0x08, 0x04}; // signature_algorithms
        body.write(0);
        body.write(extensions.length);
        body.write(extensions, 0, extensions.length);
        byte[] hello = body.toByteArray();
        java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
        record.write(0x16);
        record.write(0x03);
        record.write(0x01);
        int length = hello.length + 4;
        record.write(length >> 8);
        record.write(length);
        record.write(0x01); // ClientHello
        record.write(0);
        record.write(hello.length >> 8);
        record.write(hello.length);
        record.write(hello, 0, hello.length);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(record.toByteArray());
            socket.getOutputStream().flush();
            try {
                return socket.getInputStream().read();
            } catch (java.net.SocketException reset) {
                return -1;
            }
        }
    }

    private static BigInteger serial(SSLSocket s) throws IOException {
        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    /** One keep-alive request on an open connection; the status line and headers. */
    private static String request(SSLSocket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("GET /db/query?q=SELECT%201 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n") && head.length() < 10_000) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return head.toString();
    }
}
