package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.SharedNode;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed requests: always a 4xx with rqlite's message, never a 500 or a crash, and the data untouched. */
class BadInputIT {

    private static final String ONE_ROW = "{\"results\":[{\"columns\":[\"COUNT(*)\"],\"types\":[\"integer\"],"
            + "\"values\":[[1]]}]}";

    @RegisterExtension
    static final SharedNode node = new SharedNode();
    static final Api api = node.api();

    @BeforeAll
    static void seed() {
        assertThat(api.execute("[\"CREATE TABLE bad (id INTEGER PRIMARY KEY, v TEXT)\","
                + "\"INSERT INTO bad(v) VALUES('only')\"]").status()).isEqualTo(200);
    }

    @AfterEach
    void databaseUnchanged() {
        assertThat(api.query("SELECT COUNT(*) FROM bad", "").body()).isEqualTo(ONE_ROW);
    }

    private static void assert400(Reply r, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(message + "\n");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.header("X-RQLITE-VERSION")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/db/execute", "/db/query", "/db/request", "/db/sql"})
    void bodyErrors(String path) {
        assert400(api.post(path, "INSERT INTO bad(v) VALUES('x')"), "invalid JSON body");
        assert400(api.post(path, ""), "invalid JSON body");
        assert400(api.post(path, "[\"INSERT INTO bad(v) VALUES('x')\""), "invalid JSON body");
        assert400(api.post(path, "{\"sql\":\"INSERT INTO bad(v) VALUES('x')\"}"), "invalid request");
        assert400(api.post(path, "[1]"), "invalid request");
        assert400(api.post(path, "[[]]"), "invalid request");
        assert400(api.post(path, "[[1, \"x\"]]"), "invalid request");
        assert400(api.post(path, "[]"), "no statements");
        assert400(api.post(path, "[[\"INSERT INTO bad(v) VALUES(?)\", {\"a\": {\"b\": 1}}]]"),
                "unsupported type map[string]interface {}");
        assert400(api.post(path, "[[\"INSERT INTO bad(v) VALUES(?)\", [256]]]"), "unsupported type 256");
    }

    @Test
    void emptySqlStringsAreSkipped() {
        assertThat(api.execute("[\"\"]").body()).isEqualTo("{\"results\":[]}");
        assertThat(api.post("/db/query", "[\"\"]").body()).isEqualTo("{\"results\":[]}");
        assertThat(api.post("/db/request", "[\"\", \"\"]").body()).isEqualTo("{\"results\":[]}");
    }

    @Test
    void trailingBytesAfterTheArrayAreIgnored() {
        assertThat(api.post("/db/query", "[\"SELECT COUNT(*) FROM bad\"] trailing garbage").body())
                .isEqualTo(ONE_ROW);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "timeout=xyz|timeout is not a valid duration",
            "freshness=1|freshness is not a valid duration",
            "db_timeout=5 s|db_timeout is not a valid duration",
            "linearizable_timeout=-|linearizable_timeout is not a valid duration",
            "retries=x|retries is not a valid integer",
            "trailing_logs=1.5|trailing_logs is not a valid integer",
            "freshness_strict|freshness_strict requires freshness",
            "freshness_strict&timeout=xyz|freshness_strict requires freshness",
            "timeout=xyz&retries=x|timeout is not a valid duration",
            "q=|query parameter not set",
            "level=weak&q=&q=SELECT%201|query parameter not set"})
    void badQueryParametersOnEveryPath(String query, String message) {
        String q = query.replace(" ", "%20");
        for (String path : new String[] {"/db/execute", "/db/query", "/db/request", "/status", "/nodes",
                "/readyz", "/leader"}) {
            assert400(api.get(path + "?" + q), message);
        }
        assert400(api.post("/db/execute?" + q, "[\"INSERT INTO bad(v) VALUES('x')\"]"), message);
    }

    @Test
    void malformedEscapesInTheQueryString() throws Exception {
        // java.net.URI refuses to build these, so they go over a plain socket.
        for (String path : new String[] {"/db/query", "/db/execute", "/status", "/readyz", "/nothing"}) {
            assertThat(rawGet(path + "?q=%zz")).as(path)
                    .isEqualTo("400 invalid URL escape \"%zz\"\n");
            assertThat(rawGet(path + "?level=weak&x=%4")).as(path)
                    .isEqualTo("400 invalid URL escape \"%4\"\n");
        }
    }

    /** Sends a GET with the request target exactly as given; returns "status body". */
    private static String rawGet(String target) throws Exception {
        String[] hostPort = node.httpAddress().split(":");
        try (Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + node.httpAddress()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = reply.substring(reply.indexOf(' ') + 1, reply.indexOf(' ') + 4);
            return status + " " + reply.substring(reply.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void unknownParametersAreIgnored() {
        assertThat(api.query("SELECT COUNT(*) FROM bad", "whatever=1&Level=bogus&x").body()).isEqualTo(ONE_ROW);
    }

    @Test
    void wrongMethods() {
        for (String[] c : new String[][] {{"GET", "/db/execute"}, {"PUT", "/db/query"}, {"DELETE", "/db/query"},
                {"GET", "/db/request"}, {"PATCH", "/db/sql"}}) {
            Reply r = api.method(c[0], c[1], null);
            assertThat(r.status()).as(c[0] + " " + c[1]).isEqualTo(405);
            assertThat(r.body()).isEmpty();
            assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        }
        assertThat(api.method("POST", "/status", "").status()).isEqualTo(405);
        assertThat(api.method("PUT", "/nodes", "").status()).isEqualTo(405);
        assertThat(api.method("POST", "/readyz", "").status()).isEqualTo(405);
        assertThat(api.method("PUT", "/leader", "").status()).isEqualTo(405);
        assertThat(api.method("POST", "/licenses", "").status()).isEqualTo(405);
    }

    @Test
    void unknownPathsAre404AndOptionsIs200() {
        for (String path : new String[] {"/foo", "/db", "/db/", "/db/nothing", "/join", "/db/snapshot",
                "/debug/varsx", "/leaderx"}) {
            Reply r = api.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).isEmpty();
        }
        Reply options = api.method("OPTIONS", "/db/execute?timeout=xyz", null);
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.body()).isEmpty();
        assertThat(options.header("Access-Control-Allow-Methods")).isEqualTo("OPTIONS, GET, POST");
        assertThat(api.method("OPTIONS", "/no/such/path", null).status()).isEqualTo(200);
    }

    @Test
    void tooLargeBodyIs413AndTheNodeKeepsServing() throws Exception {
        long size = 300L * 1000 * 1000;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node.httpAddress() + "/db/execute"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(size)), size))
                .build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("X-RQLITE-VERSION")).isPresent();
        assertThat(api.get("/readyz").status()).isEqualTo(200);
    }

    @Test
    void expectContinueAndChunkedBodiesAreRead() throws Exception {
        // curl sends "Expect: 100-continue" for bodies over 1 KiB; chunked bodies come from streaming clients.
        String body = "[" + "\"SELECT COUNT(*) FROM bad\",".repeat(200) + "\"SELECT COUNT(*) FROM bad\"]";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://" + node.httpAddress() + "/db/query");
        HttpResponse<String> expect = client.send(HttpRequest.newBuilder(uri).expectContinue(true)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(expect.statusCode()).isEqualTo(200);
        assertThat(expect.body()).startsWith("{\"results\":[{\"columns\":[\"COUNT(*)\"]");
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        body.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo(expect.body());
    }

    @Test
    void largeBodyOfManyInsertsExecutes() {
        assertThat(api.execute("[\"CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT)\"]").status()).isEqualTo(200);
        String padding = "x".repeat(170);
        StringBuilder body = new StringBuilder(21_000_000).append('[');
        for (int i = 0; i < 100_000; i++) {
            body.append(i == 0 ? "" : ",").append("\"INSERT INTO big(v) VALUES('").append(padding).append("')\"");
        }
        body.append(']');
        assertThat(body.length()).isGreaterThan(19_000_000);
        Reply r = api.execute(body.toString());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},")
                .endsWith("{\"last_insert_id\":100000,\"rows_affected\":1}]}");
        assertThat(api.query("SELECT COUNT(*) FROM big", "").body()).contains("\"values\":[[100000]]");
        assertThat(api.execute("[\"DROP TABLE big\"]").status()).isEqualTo(200);
    }

    @Test
    void garbageTruncatedAndDeeplyNestedBodies() {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[1 + random.nextInt(100_000)];
            random.nextBytes(garbage);
            Reply r = api.post("/db/execute", "application/json", garbage);
            assertThat(r.status()).as("garbage %d", i).isEqualTo(400);
        }
        String full = "[[\"INSERT INTO bad(v) VALUES(?)\", \"x'00ff'\", {\"a\": [1, 2]}], \"SELECT 1\"]";
        for (int cut = 1; cut < full.length() - 1; cut++) {
            Reply r = api.post("/db/execute", full.substring(0, cut));
            assertThat(r.status()).as("cut at %d", cut).isEqualTo(400);
        }
        for (int depth : new int[] {100, 10_001, 200_000}) {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            for (String path : new String[] {"/db/execute", "/db/query", "/db/request", "/db/sql"}) {
                Reply r = api.post(path, nested);
                assertThat(r.status()).as("%s depth %d", path, depth).isEqualTo(400);
            }
        }
        Reply bom = api.post("/db/execute", "application/json",
                ("\uFEFF[\"INSERT INTO bad(v) VALUES('x')\"]").getBytes(StandardCharsets.UTF_8));
        assertThat(bom.status()).isEqualTo(400);
        assertThat(api.get("/readyz").status()).isEqualTo(200);
    }

    /** {@code size} bytes of {@code 0}: a body we do not have to hold in memory. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? '0' : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) '0');
            left -= n;
            return n;
        }
    }
}
