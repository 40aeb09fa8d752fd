package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data across a clean restart, on disk and with {@code -in-memory}. */
class RestartIT {

    private static final String TWO_ROWS = "{\"results\":[{\"columns\":[\"id\",\"v\"],\"types\":[\"integer\",\"text\"],"
            + "\"values\":[[1,\"a\"],[2,\"b\"]]}]}";

    @Test
    void dataSurvivesARestart(@TempDir Path dir) {
        try (TestNode node = TestNode.start(dir)) {
            assertThat(node.api().execute("[\"CREATE TABLE rs (id INTEGER PRIMARY KEY, v TEXT)\","
                    + "\"INSERT INTO rs(v) VALUES('a')\", \"INSERT INTO rs(v) VALUES('b')\"]").status()).isEqualTo(200);
            assertThat(node.api().query("SELECT * FROM rs", "").body()).isEqualTo(TWO_ROWS);
            node.restart();
            assertThat(node.api().query("SELECT * FROM rs", "").body()).isEqualTo(TWO_ROWS);
            assertThat(node.api().execute("[\"INSERT INTO rs(v) VALUES('c')\"]").body())
                    .isEqualTo("{\"results\":[{\"last_insert_id\":3,\"rows_affected\":1}]}");
            assertThat(node.api().get("/status?key=store.raft.state").body()).isEqualTo("\"Leader\"");
        }
    }

    @Test
    void inMemoryNodeRebuildsFromTheRaftLog(@TempDir Path dir) {
        try (TestNode node = TestNode.start(dir, "-in-memory")) {
            assertThat(node.api().execute("[\"CREATE TABLE rm (id INTEGER PRIMARY KEY, v TEXT)\","
                    + "\"INSERT INTO rm(v) VALUES('a')\", \"INSERT INTO rm(v) VALUES('b')\"]").status()).isEqualTo(200);
            assertThat(node.api().query("SELECT * FROM rm", "").body()).isEqualTo(TWO_ROWS);
            assertThat(node.api().get("/status?key=store.sqlite3.pragmas").body())
                    .startsWith("{\"ro\":{\"busy_timeout\":").contains("\"rw\":{\"busy_timeout\":");
            node.restart();
            // -in-memory keeps the SQLite database in RAM only, but until snapshots exist every node rebuilds its
            // database from the whole Raft log at start (DESIGN.md, "State on disk"), and the log is on disk: so
            // the rows come back. Once snapshots exist this becomes: restored from the last snapshot plus the log.
            assertThat(node.api().query("SELECT * FROM rm", "").body()).isEqualTo(TWO_ROWS);
            assertThat(dir.resolve("db.sqlite")).doesNotExist();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-in-memory"})
    void aLoadedDatabaseFileSurvivesARestart(String flag, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("made-elsewhere.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().executeUpdate("CREATE TABLE rs (id INTEGER PRIMARY KEY, v TEXT)");
            c.createStatement().executeUpdate("INSERT INTO rs(v) VALUES('a'), ('b')");
        }
        String[] flags = flag.isEmpty() ? new String[0] : new String[] {flag};
        try (TestNode node = TestNode.start(dir.resolve("node"), flags)) {
            assertThat(node.api().execute("[\"CREATE TABLE before (v)\"]").status()).isEqualTo(200);
            assertThat(node.api().post("/db/load", "application/octet-stream", Files.readAllBytes(file)).body())
                    .isEqualTo("{\"results\":[]}");
            assertThat(node.api().execute("[\"INSERT INTO rs(v) VALUES('c')\"]").status()).isEqualTo(200);
            node.restart();
            assertThat(node.api().query("SELECT * FROM rs", "").body()).startsWith(TWO_ROWS.substring(0, 60))
                    .contains("[3,\"c\"]");
            assertThat(node.api().query("SELECT name FROM sqlite_master WHERE name = 'before'", "").body())
                    .doesNotContain("values");
        }
    }
}
