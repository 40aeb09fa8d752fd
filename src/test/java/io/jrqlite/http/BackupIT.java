package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.SharedNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /db/backup}: binary, delete-mode and SQL forms, compressed or not, streamed. */
class BackupIT {

    @RegisterExtension
    static final SharedNode node = new SharedNode();
    static final Api api = node.api();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void seed() {
        assertThat(api.execute("[\"CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT, b BLOB)\","
                + "\"CREATE TABLE bar (v)\", \"INSERT INTO bar VALUES(1)\"]").status()).isEqualTo(200);
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            rows.append(i == 0 ? "" : ",").append("[\"INSERT INTO foo(name, b) VALUES(?, x'0102')\", \"row").append(i)
                    .append("\"]");
        }
        assertThat(api.execute(rows.append("]").toString()).status()).isEqualTo(200);
    }

    private static HttpResponse<byte[]> get(String query) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + node.httpAddress() + "/db/backup" + query))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void binaryIsASqliteFileInWalModeWithTheData() throws Exception {
        HttpResponse<byte[]> r = get("");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        byte[] body = r.body();
        assertThat(new String(body, 0, 15)).isEqualTo("SQLite format 3");
        assertThat(body[18]).isEqualTo((byte) 2);
        Path file = Files.write(dir.resolve("b.sqlite"), body);
        assertThat(count(file, "SELECT COUNT(*) FROM foo")).isEqualTo(2000);
        assertThat(api.get("/status?key=last_backup_time").body()).startsWith("\"20");
    }

    @Test
    void deleteModeAndCompression() throws Exception {
        HttpResponse<byte[]> r = get("?fmt=DELETE&compress");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()[0]).isEqualTo((byte) 0x1f);
        byte[] db = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        assertThat(db[18]).isEqualTo((byte) 1);
        Path file = Files.write(dir.resolve("d.sqlite"), db);
        assertThat(count(file, "SELECT COUNT(*) FROM bar")).isEqualTo(1);
    }

    @Test
    void sqlDumpRebuildsTheDatabaseAndCanBeLimitedToTables() throws Exception {
        HttpResponse<byte[]> r = get("?fmt=sql");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/sql");
        String sql = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(sql).startsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n").endsWith("COMMIT;\n")
                .contains("INSERT INTO \"foo\" VALUES(1,'row0',X'0102');");
        Path rebuilt = dir.resolve("r.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + rebuilt)) {
            c.createStatement().executeUpdate(sql);
        }
        assertThat(count(rebuilt, "SELECT COUNT(*) FROM foo")).isEqualTo(2000);

        String onlyBar = new String(get("?fmt=sql&tables=bar").body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(onlyBar).contains("INSERT INTO \"bar\" VALUES(1);").doesNotContain("\"foo\"");
    }

    @Test
    void vacuumOnlyGoesWithBinaryAndOnlyGetIsAllowed() throws Exception {
        HttpResponse<byte[]> r = get("?fmt=sql&vacuum");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(new String(r.body())).isEqualTo("invalid backup format\n");
        assertThat(get("?vacuum").statusCode()).isEqualTo(200);
        assertThat(api.post("/db/backup", "[]").status()).isEqualTo(405);
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        assertThat(get("?compress").statusCode()).isEqualTo(200);
        assertThat(get("?fmt=sql").statusCode()).isEqualTo(200);
        String body = api.get("/status?key=store.dir").body();
        Path dataDir = Path.of(body.substring(1, body.length() - 1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var files = Files.list(dataDir)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("backup-"));
            }
        });
    }
}
