package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.FreePorts;
import io.jrqlite.testing.TestNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database files larger than {@code -http-max-body} and than one log entry's piece: streamed to disk, sent through
 * the log in pieces, and kept across a rebuild; SQL text stays bounded by the limit.
 */
class LargeLoadIT {

    private static final int ROWS = 12_000;

    @TempDir
    Path dir;

    private Path databaseFile() throws Exception {
        Path file = dir.resolve("big.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO big(v) VALUES (?)")) {
                for (int i = 0; i < ROWS; i++) {
                    ps.setString(1, (Integer.toString(i, 36) + "-").repeat(1000).substring(0, 1000));
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
        return file;
    }

    @Test
    void aFileLargerThanTheBodyLimitLoadsInPiecesAndSurvivesARebuild() throws Exception {
        Path file = databaseFile();
        assertThat(Files.size(file)).isGreaterThan(2L * (1 << 20)); // three pieces or more
        Path data = dir.resolve("data");
        int http = FreePorts.next();
        int raft = FreePorts.next();
        String expected;
        try (TestNode node = TestNode.start(data, http, raft, "-http-max-body", "1048576")) {
            Api api = node.api();
            api.execute("[\"CREATE TABLE old (v)\"]");
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + node.httpAddress() + "/db/load"))
                            .expectContinue(true)
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"results\":[]}");
            expected = api.query("SELECT COUNT(*), SUM(LENGTH(v)), MAX(id) FROM big", "").body();
            assertThat(expected).contains("[[" + ROWS + "," + ROWS * 1000 + "," + ROWS + "]]");
            assertThat(api.query("SELECT * FROM old", "").body()).contains("no such table");
            assertThat(api.get("/debug/vars?key=store").body()).contains("\"num_loads\": 1");

            String sql = "INSERT INTO big(v) VALUES('" + "s".repeat(2 << 20) + "');";
            var tooLarge = api.post("/db/load", "text/plain", sql.getBytes(StandardCharsets.UTF_8));
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(api.query("SELECT COUNT(*) FROM big", "").body()).contains("[[" + ROWS + "]]");
        }
        Files.delete(data.resolve("clean_snapshot")); // rebuilt from snapshot and log, as after a crash
        try (TestNode node = TestNode.start(data, http, raft)) {
            assertThat(node.api().query("SELECT COUNT(*), SUM(LENGTH(v)), MAX(id) FROM big", "").body())
                    .isEqualTo(expected);
        }
        try (var staged = Files.list(data.resolve("load-staging"))) {
            assertThat(staged).isEmpty();
        }
    }

    @Test
    void filesWithAnotherPageSizeLoadAndBootOnDiskAndInRam() throws Exception {
        for (int pageSize : new int[] {1024, 65536}) {
            Path file = dir.resolve("p" + pageSize + ".sqlite");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                c.createStatement().execute("PRAGMA page_size=" + pageSize);
                c.createStatement().execute("CREATE TABLE p (x)");
                c.createStatement().execute("INSERT INTO p VALUES (" + pageSize + ")");
            }
            byte[] body = Files.readAllBytes(file);
            for (String mode : new String[] {"disk", "ram"}) {
                Path data = dir.resolve(mode + pageSize);
                try (TestNode node = mode.equals("ram") ? TestNode.start(data, "-in-memory") : TestNode.start(data)) {
                    Api api = node.api();
                    api.execute("[\"CREATE TABLE before (v)\"]");
                    var r = api.post("/db/load", "application/octet-stream", body);
                    assertThat(r.status()).as(mode + pageSize + r.body()).isEqualTo(200);
                    assertThat(api.query("SELECT x FROM p", "").body()).as(mode + pageSize)
                            .contains("[[" + pageSize + "]]");
                    api.execute("[\"DROP TABLE p\"]");
                    assertThat(api.post("/boot", "application/octet-stream", body).status()).isEqualTo(200);
                    assertThat(api.query("SELECT x FROM p", "").body()).as("boot " + mode + pageSize)
                            .contains("[[" + pageSize + "]]");
                }
            }
        }
    }

    @Test
    void repliesToRequestsPipelinedBehindALoadKeepTheirOrder() throws Exception {
        Path file = databaseFile();
        byte[] body = Files.readAllBytes(file);
        try (TestNode node = TestNode.start(dir.resolve("data"));
                Socket socket = new Socket("127.0.0.1", Integer.parseInt(node.httpAddress().split(":")[1]))) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST /db/load HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            String query = "GET /db/query?q=SELECT%20COUNT(*)%20FROM%20big HTTP/1.1\r\nHost: x\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(head.getBytes(StandardCharsets.US_ASCII)); // a second upload right behind the first
            out.write(body);
            out.write(query.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String replies = readReplies(socket.getInputStream(), 3);
            int first = replies.indexOf("{\"results\":[]}");
            int second = replies.indexOf("{\"results\":[]}", first + 1);
            int json = replies.indexOf("application/json");
            assertThat(second).as(replies).isGreaterThan(first).isPositive();
            assertThat(json).as("the loads' replies come first: " + replies).isGreaterThan(second);
            assertThat(node.api().query("SELECT COUNT(*) FROM big", "").body()).contains("[[" + ROWS + "]]");
        }
    }

    @Test
    void aMalformedChunkedUploadIsRefusedAndChangesNothing() throws Exception {
        try (TestNode node = TestNode.start(dir.resolve("data"));
                Socket socket = new Socket("127.0.0.1", Integer.parseInt(node.httpAddress().split(":")[1]))) {
            socket.setSoTimeout(60_000);
            String sql = "CREATE TABLE half (v);";
            String request = "POST /db/load HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(sql.length()) + "\r\n" + sql
                    + "\r\nzz\r\nmore\r\n0\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readReplies(socket.getInputStream(), 1)).startsWith("HTTP/1.1 400");
            assertThat(node.api().query("SELECT * FROM half", "").body()).contains("no such table");
            try (var left = Files.list(dir.resolve("data"))) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("upload-"));
            }
        }
    }

    /** Reads {@code n} replies with Content-Length bodies. */
    private static String readReplies(InputStream in, int n) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            StringBuilder headers = new StringBuilder();
            while (!headers.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("connection closed early: " + all + headers).isNotNegative();
                headers.append((char) b);
            }
            int length = 0;
            for (String line : headers.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            all.append(headers).append(new String(in.readNBytes(length), StandardCharsets.UTF_8)).append('\n');
        }
        return all.toString();
    }
}
