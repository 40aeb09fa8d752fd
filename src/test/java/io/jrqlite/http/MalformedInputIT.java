package io.jrqlite.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.TestCerts;
import io.jrqlite.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed input on every endpoint, over raw sockets so that broken HTTP can be sent too: random and hand-made
 * bodies, headers, request lines and query strings, idle half-sent requests, and TLS handshakes cut short or
 * replaced by junk on an HTTPS node. Each must get an answer below 500
 * (bad bodies and bad parameter values: a 4xx) or a closed connection, never a hang, a crash or a changed database.
 * Seeded, so a failure repeats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputIT {

    private static final long SEED = 20261204L;
    private static final int RANDOM_BODIES_PER_ENDPOINT = 60;
    private static final int RANDOM_QUERY_STRINGS = 300;
    private static final int SOCKET_TIMEOUT_MS = 15_000;
    private static final int WAIT_BEFORE_HALF_CLOSE_MS = 2_000;

    /** Endpoints that take a body, with the method; a bad body must get a 4xx. */
    private static final List<String> BODY_ENDPOINTS = List.of("POST /db/execute", "POST /db/query",
            "POST /db/request", "POST /db/execute?queue", "POST /db/query?level=strong", "POST /db/request?transaction",
            "DELETE /remove", "POST /leader");
    /** Every endpoint, for query strings and methods. */
    private static final List<String> ALL_PATHS = List.of("/db/execute", "/db/query", "/db/request", "/db/backup",
            "/db/load", "/boot", "/status", "/nodes", "/readyz", "/leader", "/remove", "/snapshot", "/reap",
            "/debug/vars", "/db/sql", "/", "/nope");

    @TempDir
    static Path dir;
    private TestNode node;
    private String fingerprint;
    private int cases;
    private final TreeMap<String, Integer> outcomes = new TreeMap<>();

    @BeforeAll
    void start() {
        node = TestNode.start(dir.resolve("n1"));
        Api api = node.api();
        assertThat(api.execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, b BLOB)\","
                + "\"INSERT INTO t(name, b) VALUES('fiona', x'00ff')\",\"CREATE INDEX t_name ON t(name)\"]")
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/readyz").status() == 200);
        fingerprint = fingerprint();
    }

    @AfterAll
    void stop() {
        System.out.printf("MalformedInputIT: %d cases, outcomes %s%n", cases, outcomes);
        if (node != null) {
            node.close();
        }
    }

    /** The schema and every row, read locally: what no malformed request may change. */
    private String fingerprint() {
        Api api = node.api();
        return api.query("SELECT type, name, sql FROM sqlite_master ORDER BY name", "level=none").body()
                + api.query("SELECT id, name, hex(b) FROM t ORDER BY id", "level=none").body();
    }

    private void assertAliveAndUnchanged(String after) {
        Api.Reply status = node.api().get("/status");
        assertThat(status.status()).as("node alive after %s", after).isEqualTo(200);
        assertThat(fingerprint()).as("database unchanged after %s", after).isEqualTo(fingerprint);
    }

    @Test
    void randomBodiesGetNoServerErrorAndChangeNothing() throws Exception {
        Random random = new Random(SEED);
        for (String endpoint : BODY_ENDPOINTS) {
            for (int i = 0; i < RANDOM_BODIES_PER_ENDPOINT; i++) {
                byte[] body = randomBody(random);
                String contentType = random.nextBoolean() ? "application/json" : "text/plain";
                Outcome o = send(request(endpoint, contentType, body));
                record(o);
                // A random body may start with a whole array ("[]", then bytes rqlite ignores): a 200 with nothing done.
                assertThat(o.isClientError() || o.status() == 200).as("%s with random body #%d: %s", endpoint, i, o)
                        .isTrue();
            }
            assertAliveAndUnchanged(endpoint + " random bodies");
        }
    }

    @Test
    void handMadeBadBodiesGetA4xxAndChangeNothing() throws Exception {
        List<String> bodies = new ArrayList<>(List.of("", " ", "null", "true", "1", "-0.5e999", "\"DROP TABLE t\"",
                "{}", "{\"statements\": 1}", "[", "]", "[\"DROP TABLE t\"", "[\"DROP TABLE t\",", "[\"DROP TABLE t\" 1]",
                "[1]", "[null]", "[true]", "[{}]", "[[]]", "[[1]]", "[[null, 1]]", "[[\"DELETE FROM t WHERE id = ?\",",
 "[\"\\x41\"]", "[\"\\u12\"]",
                "[\"a\u0000b\"", "[[\"DELETE FROM t WHERE id=?\", {\"a\": }]]",
                "[[\"DELETE FROM t WHERE id=:id\", {\"id\": [1,256]}]]",
                "[[\"DELETE FROM t WHERE id=:id\", {\"id\": {\"a\": 1}}]]", "[[\"DELETE FROM t WHERE id=?\", [1, 256]]]",
                "\uFEFF[\"DELETE FROM t\"", "['DELETE FROM t']", "[DELETE FROM t]"));
        bodies.add("[".repeat(100_000) + "]".repeat(100_000)); // deeper than any parser should recurse
        bodies.add("[\"" + "x".repeat(1 << 20)); // an unterminated 1 MB string
        bodies.add("[[\"DELETE FROM t WHERE id = ?\", " + "9".repeat(10_000) + "]]"); // a number no type holds
        byte[] invalidUtf8 = {'[', '"', (byte) 0xC3, (byte) 0x28, '"', ']'};
        for (String endpoint : BODY_ENDPOINTS) {
            if (endpoint.equals("POST /leader")) {
                continue; // an empty body, null or {} is a stepdown with no target: valid
            }
            // rqlite takes an unparsable queued body silently (200) and queues nothing
            boolean silent = endpoint.contains("?queue");
            for (String body : bodies) {
                Outcome o = send(request(endpoint, "application/json", body.getBytes(UTF_8)));
                record(o);
                assertThat(o.isClientError() || silent && o.status() == 200)
                        .as("%s with body %.80s: %s", endpoint, body, o).isTrue();
            }
            Outcome o = send(request(endpoint, "application/json", invalidUtf8));
            record(o);
            assertThat(o.isClientError() || o.status() == 200).as("%s with invalid UTF-8: %s", endpoint, o).isTrue();
            assertAliveAndUnchanged(endpoint + " hand-made bodies");
        }
    }

    @Test
    void brokenHttpGetsA4xxOrAClosedConnection() throws Exception {
        String host = "Host: " + node.httpAddress() + "\r\n";
        List<String> requests = List.of(
                "GARBAGE\r\n\r\n",
                "\r\n\r\n\r\n",
                "GET\r\n\r\n",
                "GET /status\r\n\r\n",
                "GET /status HTTP/9.9\r\n" + host + "\r\n",
                "GET /status HTTP/1.1\r\nno colon here\r\n" + host + "\r\n",
                "GET /status HTTP/1.1\r\n" + host + ": empty name\r\n\r\n",
                "POST /db/execute HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n[\"DELETE FROM t\"]",
                "POST /db/execute HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n[\"DELETE FROM t\"]",
                "POST /db/execute HTTP/1.1\r\n" + host + "Content-Length: 17\r\nContent-Length: 3\r\n\r\n"
                        + "[\"DELETE FROM t\"]",
                "POST /db/execute HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n[\"DELETE FROM t\"]\r\n0\r\n\r\n",
                "POST /db/execute HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: 17\r\n\r\n"
                        + "11\r\n[\"DELETE FROM t\"]\r\n",
                "POST /db/execute HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n[\"DELETE FROM t\"]",
                "GET /" + "a".repeat(2 << 20) + " HTTP/1.1\r\n" + host + "\r\n",
                "GET /status HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(200_000) + "\r\n\r\n",
                "GET /status HTTP/1.1\r\n" + host + "X-Many: 1\r\n".repeat(20_000) + "\r\n",
                "GET /db/query?q=%ZZ HTTP/1.1\r\n" + host + "\r\n",
                "GET /%00 HTTP/1.1\r\n" + host + "\r\n",
                "POST /db/execute?timeout=forever HTTP/1.1\r\n" + host + "Content-Length: 17\r\n\r\n[\"DELETE FROM t\"]",
                "POST /db/execute?retries=x HTTP/1.1\r\n" + host + "Content-Length: 17\r\n\r\n[\"DELETE FROM t\"]",
                "GET /db/query?q=SELECT%201&freshness=soon HTTP/1.1\r\n" + host + "\r\n",
                "PUT /db/execute HTTP/1.1\r\n" + host + "Content-Length: 17\r\n\r\n[\"DELETE FROM t\"]",
                "PATCH /db/execute HTTP/1.1\r\n" + host + "Content-Length: 17\r\n\r\n[\"DELETE FROM t\"]",
                "DELETE /db/execute HTTP/1.1\r\n" + host + "\r\n",
                "GET /db/execute?q=DELETE%20FROM%20t HTTP/1.1\r\n" + host + "\r\n");
        for (String r : requests) {
            Outcome o = send(r.getBytes(ISO_8859_1));
            record(o);
            boolean otherVersion = r.startsWith("GET /status HTTP/9.9");
            assertThat(o.isClientError() && !otherVersion || o.closed() || otherVersion && o.status() == 505)
                    .as("%.100s -> %s", r, o).isTrue();
        }
        assertAliveAndUnchanged("broken HTTP");
    }

    @Test
    void randomQueryStringsNeverGetA5xxOrChangeAnything() throws Exception {
        Random random = new Random(SEED + 1);
        String[] known = {"level", "timeout", "retries", "freshness", "freshness_strict", "pretty", "timings",
                "transaction", "queue", "wait", "redirect", "associative", "blob_array", "fmt", "tables", "compress",
                "vacuum", "nonvoters", "ver", "sync", "noleader", "q", "id", "db_timeout", "raft_index", "x"};
        String[] methods = {"GET", "POST", "HEAD", "OPTIONS"};
        for (int i = 0; i < RANDOM_QUERY_STRINGS; i++) {
            String path = ALL_PATHS.get(random.nextInt(ALL_PATHS.size()));
            if (path.equals("/db/load") || path.equals("/boot") || path.equals("/remove") || path.equals("/leader")) {
                continue; // loads replace, a remove removes, a POST /leader steps down: their bodies are above
            }
            StringBuilder q = new StringBuilder();
            int params = 1 + random.nextInt(4);
            for (int p = 0; p < params; p++) {
                q.append(p == 0 ? "?" : "&").append(known[random.nextInt(known.length)]);
                if (random.nextInt(4) > 0) {
                    q.append('=').append(randomQueryValue(random));
                }
            }
            String method = methods[random.nextInt(methods.length)];
            String body = method.equals("POST") && path.startsWith("/db/") ? "[\"SELECT 1\"]" : "";
            Outcome o = send(request(method + " " + path + q, "application/json", body.getBytes(UTF_8)));
            record(o);
            assertThat(o.status() > 0 && o.status() < 500 || o.status() == 503)
                    .as("%s %s%s -> %s", method, path, q, o).isTrue();
        }
        assertAliveAndUnchanged("random query strings");
    }

    @Test
    void idleHalfSentRequestsDoNotStopOthersBeingServed() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /db/execute HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n[\"DEL")
                        .getBytes(ISO_8859_1));
                out.flush();
                idle.add(s);
                cases++;
            }
            // A slow header: one byte, then nothing.
            Socket slow = new Socket();
            slow.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5_000);
            slow.getOutputStream().write('G');
            idle.add(slow);
            cases++;
            for (int i = 0; i < 20; i++) {
                assertThat(node.api().get("/status").status()).isEqualTo(200);
                assertThat(node.api().query("SELECT count(*) FROM t", "").status()).isEqualTo(200);
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        assertAliveAndUnchanged("idle connections");
    }

    @Test
    void truncatedAndForeignTlsHandshakesAreDroppedAndTheNodeServesOn() throws Exception {
        TestCerts.Ca ca = TestCerts.Ca.create("malformed-ca");
        TestCerts.Issued server = ca.server("node");
        Path cert = TestCerts.writeCerts(dir.resolve("tls.crt"), server.chain());
        Path key = TestCerts.writePkcs8(dir.resolve("tls.key"), server.key());
        try (TestNode tls = TestNode.start(dir.resolve("tls"), "-http-cert", cert.toString(), "-http-key",
                key.toString())) {
            Api api = Api.https(tls.httpAddress());
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> api.get("/readyz").status() == 200);
            byte[] hello = clientHello();
            List<byte[]> inputs = new ArrayList<>();
            for (int cut = 1; cut < hello.length; cut += Math.max(1, hello.length / 40)) {
                inputs.add(java.util.Arrays.copyOf(hello, cut)); // a handshake cut short
            }
            byte[] wrongLength = hello.clone();
            wrongLength[3] = (byte) 0x7f; // a record longer than what follows
            inputs.add(wrongLength);
            inputs.add(request("GET /status", "text/plain", new byte[0])); // plain HTTP on the TLS port
            Random random = new Random(SEED + 2);
            for (int i = 0; i < 40; i++) {
                byte[] junk = new byte[1 + random.nextInt(2000)];
                random.nextBytes(junk);
                if (i % 2 == 0) {
                    junk[0] = 0x16; // looks like a handshake record
                }
                inputs.add(junk);
            }
            for (byte[] input : inputs) {
                Outcome o = sendTo(tls.httpPort(), input, 200);
                record(o);
                // A TLS server answers junk with an alert or nothing, then closes: never an HTTP answer.
                assertThat(o.status()).as("%d bytes of TLS junk: %s", input.length, o).isZero();
            }
            assertThat(api.get("/status").status()).isEqualTo(200);
            assertThat(api.execute("[\"CREATE TABLE tls_ok (v)\"]").status()).isEqualTo(200);
        }
    }

    /** The first flight of a real TLS client: a ClientHello record. */
    private static byte[] clientHello() throws Exception {
        javax.net.ssl.SSLEngine engine = TestCerts.trustingAny().createSSLEngine("127.0.0.1", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(java.nio.ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        assertThat(hello[0]).as("a handshake record").isEqualTo((byte) 0x16);
        return hello;
    }

    private void record(Outcome o) {
        cases++;
        outcomes.merge(o.closed() ? "closed" : String.valueOf(o.status()), 1, Integer::sum);
    }

    private static byte[] randomBody(Random random) {
        int kind = random.nextInt(4);
        int length = random.nextInt(kind == 3 ? 100_000 : 300);
        byte[] b = new byte[length];
        if (kind == 0) { // bytes
            random.nextBytes(b);
            return b;
        }
        // JSON-ish characters, so that the parser gets further before it fails
        String alphabet = kind == 1 ? "[]{}\",:0123456789.eE+-truefalsn \\u" : "[\"DELETE FROM t\"]{},:?1 ";
        for (int i = 0; i < length; i++) {
            b[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        if (kind == 2 && length > 2) {
            b[0] = '[';
            b[length - 1] = '['; // never closed: never a whole, valid request
        }
        return b;
    }

    private static String randomQueryValue(Random random) {
        String[] values = {"", "1", "-1", "0", "true", "false", "none", "weak", "strong", "linearizable", "auto",
                "bogus", "1s", "-5s", "1x", "99999999999999999999", "%ZZ", "%00", "%C3%28", "sql", "binary", "a,b",
                "2", "10ms", "%20"};
        return values[random.nextInt(values.length)];
    }

    private static byte[] request(String methodAndPath, String contentType, byte[] body) {
        String head = methodAndPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head.getBytes(ISO_8859_1));
        all.writeBytes(body);
        return all.toByteArray();
    }

    /** What came back: a status (0 when none), or a connection closed without an answer. */
    private record Outcome(int status, boolean closed, String firstLine) {
        boolean isClientError() {
            return status >= 400 && status < 500;
        }
    }

    private Outcome send(byte[] bytes) throws IOException {
        return sendTo(node.httpPort(), bytes, WAIT_BEFORE_HALF_CLOSE_MS);
    }

    /** Sends raw bytes on a new connection and reads the status line; a hang fails the test. */
    private static Outcome sendTo(int port, byte[] bytes, int waitBeforeHalfClose) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(SOCKET_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it has read everything (a 413, a 431, a 400)
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                int c = -1;
                s.setSoTimeout(waitBeforeHalfClose);
                try {
                    c = in.read();
                } catch (SocketTimeoutException e) {
                    // a request the server still waits on the rest of (a body shorter than its length): end it,
                    // as a client that gives up does, and the server must answer or close
                    s.shutdownOutput();
                    s.setSoTimeout(SOCKET_TIMEOUT_MS);
                    c = in.read();
                }
                s.setSoTimeout(SOCKET_TIMEOUT_MS);
                while (c != -1 && c != '\n') {
                    line.write(c);
                    c = in.read();
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer and no close within " + SOCKET_TIMEOUT_MS + " ms", e);
            } catch (IOException e) {
                // reset by the server: a closed connection
            }
            String first = line.toString(ISO_8859_1).trim();
            if (first.isEmpty()) {
                return new Outcome(0, true, "");
            }
            String[] parts = first.split(" ");
            int status = parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : 0;
            return new Outcome(status, false, first);
        }
    }
}
