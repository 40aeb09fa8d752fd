package io.jrqlite.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.TestCluster;
import io.jrqlite.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that need the leader, sent to a follower of a three-node cluster: backups in every format, loads of a
 * database file and of SQL text, queued writes, the {@code X-RQLITE-SERVED-BY} header and the {@code timeout}
 * parameter; and, with no leader left, 503s that change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterForwardingIT {

    private static final String SERVED_BY = "X-RQLITE-SERVED-BY";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path dir;
    /** The shared cluster: every node batches 41 queued requests, or what arrived within 30 s. */
    private TestCluster shared;
    private List<TestNode> cluster;

    @BeforeAll
    void startCluster() {
        shared = new TestCluster(dir.resolve("shared"));
        cluster = shared.startThree("-write-queue-batch-size", "41", "-write-queue-timeout", "30s");
    }

    @AfterAll
    void stopCluster() {
        shared.close();
    }

    /** The node that answers a read itself rather than redirecting: the leader. */
    private static TestNode leaderOf(List<TestNode> nodes) {
        TestNode[] found = new TestNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (TestNode n : nodes) {
                if (n.api().get("/db/query?q=SELECT%201&redirect").status() == 200) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static TestNode followerOf(List<TestNode> nodes) {
        TestNode leader = leaderOf(nodes);
        return nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
    }

    // ---- backups ----

    @Test
    void backupsThroughAFollowerAreTheLeadersInEveryFormat() throws Exception {
        TestNode leader = leaderOf(cluster);
        TestNode follower = followerOf(cluster);
        Reply made = follower.api().execute("[\"CREATE TABLE IF NOT EXISTS people (id INTEGER PRIMARY KEY, name TEXT)\","
                + "\"CREATE TABLE IF NOT EXISTS pets (id INTEGER PRIMARY KEY, kind TEXT)\","
                + "\"INSERT INTO people(name) VALUES('fiona')\", \"INSERT INTO people(name) VALUES('declan')\","
                + "\"INSERT INTO pets(kind) VALUES('cat')\"]");
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        // A follower's own copy may lag: what it forwards must be the leader's, which this write is in already.
        for (String params : List.of("", "fmt=binary", "fmt=delete", "vacuum", "fmt=binary&vacuum")) {
            Download fromLeader = download(leader, "/db/backup?" + params);
            Download viaFollower = download(follower, "/db/backup?" + params);
            assertThat(viaFollower.header(SERVED_BY)).as(params).isEqualTo(leader.raftAddress());
            assertThat(viaFollower.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(contentOf(viaFollower.body())).as(params).isEqualTo(contentOf(fromLeader.body()))
                    .anySatisfy(line -> assertThat(line).contains("declan"));
            assertThat(viaFollower.body()[18]).as("journal mode byte, " + params)
                    .isEqualTo(params.contains("delete") ? (byte) 1 : (byte) 2);
        }
        for (String params : List.of("fmt=sql", "fmt=sql&tables=pets", "fmt=sql&tables=people,pets")) {
            Download fromLeader = download(leader, "/db/backup?" + params);
            Download viaFollower = download(follower, "/db/backup?" + params);
            assertThat(viaFollower.header("Content-Type")).isEqualTo("application/sql");
            assertThat(new String(viaFollower.body(), UTF_8)).as(params)
                    .isEqualTo(new String(fromLeader.body(), UTF_8)).contains("INSERT INTO \"pets\"");
            Download gzipped = download(follower, "/db/backup?compress&" + params);
            assertThat(new String(gunzip(gzipped.body()), UTF_8)).isEqualTo(new String(fromLeader.body(), UTF_8));
        }
        assertThat(contentOf(gunzip(download(follower, "/db/backup?compress").body())))
                .isEqualTo(contentOf(download(leader, "/db/backup").body()));
        assertThat(download(follower, "/db/backup?fmt=sql&tables=pets").body()).asString(UTF_8)
                .doesNotContain("fiona");

        Download local = download(follower, "/db/backup?noleader&fmt=sql");
        assertThat(local.header(SERVED_BY)).isEqualTo(follower.httpAddress());
        assertThat(download(leader, "/db/backup").header(SERVED_BY)).isEqualTo(leader.httpAddress());
        Reply vacuumSql = follower.api().get("/db/backup?fmt=sql&vacuum");
        assertThat(vacuumSql.status()).isEqualTo(500);
        assertThat(vacuumSql.body()).isEqualTo("invalid backup format\n");
        assertNoBackupLeftIn(leader, follower);
    }

    @Test
    void aBackupLargerThanOnePieceArrivesWhole() throws Exception {
        TestNode leader = leaderOf(cluster);
        TestNode follower = followerOf(cluster);
        // 90 blobs of 100 kB: a file of about 9 MB, three pieces of 4 MB.
        Reply made = follower.api().execute("[\"CREATE TABLE IF NOT EXISTS big (id INTEGER PRIMARY KEY, b BLOB)\","
                + "\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 90)"
                + " INSERT INTO big(id, b) SELECT x, zeroblob(100000) FROM c\"]");
        assertThat(made.body()).contains("\"rows_affected\":90");
        try {
            Download fromLeader = download(leader, "/db/backup");
            Download viaFollower = download(follower, "/db/backup");
            assertThat(viaFollower.body().length).isGreaterThan(8 << 20);
            assertThat(contentOf(viaFollower.body())).isEqualTo(contentOf(fromLeader.body()))
                    .contains("big|90|100000");
            assertThat(contentOf(gunzip(download(follower, "/db/backup?compress").body())))
                    .isEqualTo(contentOf(fromLeader.body()));
            assertNoBackupLeftIn(leader, follower);
        } finally {
            assertThat(leader.api().execute("[\"DROP TABLE big\"]").status()).isEqualTo(200);
        }
    }

    /** Offers are deleted once read to their end, and the follower's copies once sent. */
    private static void assertNoBackupLeftIn(TestNode... nodes) {
        for (TestNode n : nodes) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (Stream<Path> files = Files.list(n.dataDir())) {
                    assertThat(files.map(p -> p.getFileName().toString()))
                            .noneMatch(name -> name.startsWith("backup-"));
                }
            });
        }
    }

    // ---- loads ----

    @Test
    void aDatabaseFileAndASqlDumpLoadedThroughAFollowerReplaceTheDataEverywhere() throws Exception {
        TestNode leader = leaderOf(cluster);
        TestNode follower = followerOf(cluster);
        assertThat(leader.api().execute("[\"CREATE TABLE IF NOT EXISTS before_load (v)\","
                + "\"INSERT INTO before_load VALUES(1)\"]").status()).isEqualTo(200);

        // A file of about 9 MB: it reaches the leader in nine pieces.
        Path file = dir.resolve("to-load.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE loaded (id INTEGER PRIMARY KEY, name TEXT, b BLOB)");
            s.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 90)"
                    + " INSERT INTO loaded SELECT x, 'name' || x, zeroblob(100000) FROM c");
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(8 << 20);

        Reply truncated = follower.api().post("/db/load", "application/octet-stream",
                java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(truncated.status()).isEqualTo(500);
        assertThat(truncated.body()).isEqualTo("invalid SQLite database\n");
        assertThat(count(leader.api(), "before_load", "level=strong")).isEqualTo("1");

        Reply loaded = loadRetryingWhileLeaderless(follower, "application/octet-stream", bytes);
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.body()).isEqualTo("{\"results\":[]}");
        assertThat(loaded.header(SERVED_BY)).isIn(leaderAddresses(follower));
        for (TestNode n : cluster) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "90".equals(count(n.api(), "loaded", "level=none")));
            assertThat(n.api().query("SELECT name, length(b) FROM loaded WHERE id = 42", "level=none").body())
                    .contains("[[\"name42\",100000]]");
            assertThat(n.api().query("SELECT * FROM before_load", "level=none").body())
                    .contains("no such table: before_load");
        }

        String dump = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nDROP TABLE loaded;\n"
                + "CREATE TABLE dumped (id INTEGER PRIMARY KEY, name TEXT);\n"
                + "INSERT INTO \"dumped\" VALUES(1,'fiona');\nINSERT INTO \"dumped\" VALUES(2,'declan');\nCOMMIT;\n";
        Reply sql = loadRetryingWhileLeaderless(follower, "text/plain", dump.getBytes(UTF_8));
        assertThat(sql.status()).as(sql.body()).isEqualTo(200);
        assertThat(sql.body()).isEqualTo("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":1}]}");
        assertThat(sql.header(SERVED_BY)).isIn(leaderAddresses(follower));
        for (TestNode n : cluster) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(count(n.api(), "dumped", "level=none")));
            assertThat(n.api().query("SELECT * FROM loaded", "level=none").body()).contains("no such table: loaded");
        }
    }

    /**
     * A load, sent again while the answer is 503 {@code leader not found}, as a client would: on a starved machine a
     * leadership may move under a large load, and a load replaces the whole database, so sending it again is safe.
     */
    private static Reply loadRetryingWhileLeaderless(TestNode via, String contentType, byte[] body) {
        Reply[] last = new Reply[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            last[0] = via.api().post("/db/load", contentType, body);
            return last[0].status() != 503;
        });
        return last[0];
    }

    /** Who may serve a request sent to {@code via}: another node as leader, or {@code via} itself if it became one. */
    private List<String> leaderAddresses(TestNode via) {
        List<String> addresses = new ArrayList<>(List.of(via.httpAddress()));
        for (TestNode n : cluster) {
            if (n != via) {
                addresses.add(n.raftAddress());
            }
        }
        return addresses;
    }

    // ---- queued writes ----

    @Test
    void queuedWritesThroughAFollowerReachTheLeaderInBatches() {
        TestNode leader = leaderOf(cluster);
        TestNode follower = followerOf(cluster);
        assertThat(follower.api().execute("[\"CREATE TABLE IF NOT EXISTS queued (v)\"]").status()).isEqualTo(200);
        long batchesBefore = follower.api().counter("queue", "batches_written");
        long statementsBefore = follower.api().counter("queue", "statements_written");
        long leaderBatchesBefore = leader.api().counter("queue", "batches_written");

        // 41 requests fill one batch (-write-queue-batch-size 41): it goes at once, as one execute.
        for (int i = 0; i < 41; i++) {
            Reply r = follower.api().post("/db/execute?queue", "[[\"INSERT INTO queued VALUES(?)\", " + i + "]]");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("\"sequence_number\":");
            assertThat(r.header(SERVED_BY)).isEqualTo(follower.httpAddress());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "41".equals(count(leader.api(), "queued", "level=none")));

        // With wait, the last request of the next batch answers once that batch is on the leader.
        for (int i = 0; i < 40; i++) {
            assertThat(follower.api().post("/db/execute?queue", "[[\"INSERT INTO queued VALUES(?)\", 1]]").status())
                    .isEqualTo(200);
        }
        Reply waited = follower.api().post("/db/execute?queue&wait", "[[\"INSERT INTO queued VALUES(?)\", 2]]");
        assertThat(waited.status()).as(waited.body()).isEqualTo(200);
        assertThat(count(leader.api(), "queued", "level=none")).isEqualTo("82");

        assertThat(follower.api().counter("queue", "batches_written") - batchesBefore).isEqualTo(2);
        assertThat(follower.api().counter("queue", "statements_written") - statementsBefore).isEqualTo(82);
        assertThat(leader.api().counter("queue", "batches_written")).as("the leader's own queue is not used")
                .isEqualTo(leaderBatchesBefore);
        for (TestNode n : cluster) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "82".equals(count(n.api(), "queued", "level=none")));
        }
    }

    // ---- served by, timeout, retries ----

    @Test
    void forwardedRequestsSayTheLeaderServedThem() {
        TestNode leader = leaderOf(cluster);
        TestNode follower = followerOf(cluster);
        Reply made = follower.api().execute("[\"CREATE TABLE IF NOT EXISTS served (v)\", \"INSERT INTO served VALUES(1)\"]");
        assertThat(made.status()).isEqualTo(200);
        assertThat(made.header(SERVED_BY)).isEqualTo(leader.raftAddress());
        assertThat(leader.api().execute("[\"INSERT INTO served VALUES(2)\"]").header(SERVED_BY))
                .isEqualTo(leader.httpAddress());

        Reply weak = follower.api().query("SELECT COUNT(*) FROM served", "");
        assertThat(weak.body()).contains("[[2]]");
        assertThat(weak.header(SERVED_BY)).isEqualTo(leader.raftAddress());
        assertThat(follower.api().query("SELECT COUNT(*) FROM served", "level=strong").header(SERVED_BY))
                .isEqualTo(leader.raftAddress());
        await().atMost(Duration.ofSeconds(30)).until(() -> follower.api()
                .query("SELECT COUNT(*) FROM served", "level=none").body().contains("[[2]]"));
        assertThat(follower.api().query("SELECT COUNT(*) FROM served", "level=none").header(SERVED_BY))
                .as("served here").isEqualTo(follower.httpAddress());
        assertThat(follower.api().query("SELECT COUNT(*) FROM served", "level=linearizable").header(SERVED_BY))
                .as("a read-index read is served here").isEqualTo(follower.httpAddress());

        Reply request = follower.api().post("/db/request", "[\"INSERT INTO served VALUES(3)\", \"SELECT COUNT(*) FROM served\"]");
        assertThat(request.body()).contains("[[3]]");
        assertThat(request.header(SERVED_BY)).isEqualTo(leader.raftAddress());
        Reply readOnlyRequest = follower.api().post("/db/request?level=weak", "[\"SELECT COUNT(*) FROM served\"]");
        assertThat(readOnlyRequest.header(SERVED_BY)).isEqualTo(leader.raftAddress());
    }

    @Test
    void theTimeoutParameterBoundsTheWaitForTheLeaderAndRetriesIsValidated() {
        TestNode follower = followerOf(cluster);
        // A read of minutes, which the leader gives up after db_timeout: the follower stops waiting long before.
        String slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000)"
                + " SELECT COUNT(*) FROM c";
        Reply r = follower.api().query(slow, "db_timeout=3s&timeout=300ms");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"results\":[],\"error\":\"timeout waiting for the leader\"}");

        assertThat(follower.api().query("SELECT 1", "retries=2&timeout=10s").body()).contains("[[1]]");
        Reply badRetries = follower.api().query("SELECT 1", "retries=x");
        assertThat(badRetries.status()).isEqualTo(400);
        assertThat(badRetries.body()).isEqualTo("retries is not a valid integer\n");
        Reply badTimeout = follower.api().get("/db/backup?timeout=soon");
        assertThat(badTimeout.status()).isEqualTo(400);
        assertThat(badTimeout.body()).isEqualTo("timeout is not a valid duration\n");
    }

    // ---- no leader ----

    @Test
    void withNoLeaderTheSurvivorRefusesWhatNeedsOneAndChangesNothing() throws Exception {
        try (TestCluster lonely = new TestCluster(dir.resolve("lonely"))) {
            List<TestNode> nodes = lonely.startThree();
            TestNode leader = leaderOf(nodes);
            Reply made = leader.api().execute("[\"CREATE TABLE kept (v)\", \"INSERT INTO kept VALUES('before')\"]");
            assertThat(made.status()).isEqualTo(200);
            List<TestNode> followers = nodes.stream().filter(n -> n != leader).toList();
            TestNode survivor = followers.get(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(count(survivor.api(), "kept", "level=none")));
            String dumpBefore = survivor.api().get("/db/backup?fmt=sql&noleader").body();

            followers.get(0).close(); // a follower first: the survivor can then never win an election
            leader.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> survivor.api().get("/leader").status() == 503);

            List<Reply> refused = List.of(
                    survivor.api().execute("[\"INSERT INTO kept VALUES('after')\"]"),
                    survivor.api().post("/db/execute?queue", "[\"INSERT INTO kept VALUES('queued')\"]"),
                    survivor.api().post("/db/request", "[\"INSERT INTO kept VALUES('request')\"]"),
                    survivor.api().query("SELECT * FROM kept", "level=weak"),
                    survivor.api().get("/db/backup"),
                    survivor.api().get("/db/backup?fmt=sql"),
                    survivor.api().post("/db/load", "application/octet-stream", Files.readAllBytes(sqliteFile())),
                    survivor.api().post("/db/load", "text/plain",
                            "INSERT INTO kept VALUES('loaded');".getBytes(UTF_8)));
            for (Reply r : refused) {
                assertThat(r.status()).as(r.body()).isEqualTo(503);
                assertThat(r.body()).isEqualTo("leader not found\n");
            }
            Reply none = survivor.api().query("SELECT v FROM kept", "level=none");
            assertThat(none.status()).isEqualTo(200);
            assertThat(none.body()).contains("[[\"before\"]]");
            assertThat(survivor.api().get("/db/backup?fmt=sql&noleader").body()).isEqualTo(dumpBefore);
        }
    }

    private Path sqliteFile() throws Exception {
        Path file = dir.resolve("small.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS other (v)");
        }
        return file;
    }

    // ---- helpers ----

    private static String count(Api api, String table, String params) {
        Matcher m = Pattern.compile("\"values\":\\[\\[(\\d+)]]")
                .matcher(api.query("SELECT COUNT(*) FROM " + table, params).body());
        return m.find() ? m.group(1) : null;
    }

    private record Download(byte[] body, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static Download download(TestNode node, String pathAndQuery) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + node.httpAddress()
                + pathAndQuery)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("%s: %s", pathAndQuery, new String(r.body(), UTF_8)).isEqualTo(200);
        return new Download(r.body(), r.headers());
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        assertThat(gz).as("gzip magic").startsWith((byte) 0x1f, (byte) 0x8b);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /**
     * A database file's schema and rows as lines (blobs by length), read with sqlite-jdbc from a copy: equal lines
     * mean equal content whatever the pages look like.
     */
    private List<String> contentOf(byte[] database) throws Exception {
        Path file = Files.createTempFile(dir, "content-", ".sqlite");
        Files.write(file, database);
        List<String> lines = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT type, name, sql FROM sqlite_master ORDER BY name")) {
                while (rs.next()) {
                    lines.add(rs.getString(1) + " " + rs.getString(2) + ": " + rs.getString(3));
                    if ("table".equals(rs.getString(1)) && !rs.getString(2).startsWith("sqlite_")) {
                        tables.add(rs.getString(2));
                    }
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY rowid")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder(table);
                        for (int i = 1; i <= columns; i++) {
                            Object v = rs.getObject(i);
                            line.append('|').append(v instanceof byte[] b ? String.valueOf(b.length) : v);
                        }
                        lines.add(line.toString());
                    }
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return lines;
    }
}
