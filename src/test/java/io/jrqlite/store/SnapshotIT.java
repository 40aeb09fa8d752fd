package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.FreePorts;
import io.jrqlite.testing.TestNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots: every trigger, the full/incremental chain, fast restarts and rebuilds, {@code /reap}, {@code /boot},
 * and damaged files at start.
 */
class SnapshotIT {

    private static final String TABLE = "[\"CREATE TABLE s (id INTEGER PRIMARY KEY, v TEXT)\"]";

    private static void insert(Api api, int rows) {
        for (int i = 0; i < rows; i++) {
            assertThat(api.execute("[[\"INSERT INTO s(v) VALUES(?)\", \"" + i + "\"]]").status()).isEqualTo(200);
        }
    }

    /** Rows of about 1 KB, many per request, so the database outgrows what one snapshot's log holds. */
    private static void insertWide(Api api, int requests) {
        String row = "[\"INSERT INTO s(v) VALUES(?)\", \"" + "w".repeat(1000) + "\"]";
        String body = "[" + String.join(",", java.util.Collections.nCopies(50, row)) + "]";
        for (int i = 0; i < requests; i++) {
            assertThat(api.execute(body).status()).isEqualTo(200);
        }
    }

    private static long store(Api api, String name) {
        return api.counter("store", name);
    }

    private static String contents(Api api) {
        return api.query("SELECT COUNT(*), SUM(LENGTH(v)), MAX(id) FROM s", "level=strong").body();
    }

    private static int post(Api api, String path) {
        return api.method("POST", path, null).status();
    }

    private static List<String> snapshotFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("snapshots"))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void snapshotsByCountAndOnRequestAndACleanRestartReusesTheDatabaseFile(@TempDir Path dir) {
        try (TestNode node = TestNode.start(dir, "-raft-snap", "50", "-raft-snap-int", "1s")) {
            Api api = node.api();
            assertThat(api.execute(TABLE).status()).isEqualTo(200);
            insert(api, 120);
            await().atMost(Duration.ofSeconds(20)).until(() -> store(api, "num_snapshots") >= 1);
            assertThat(api.get("/status?key=store.raft.last_snapshot_index").body()).isNotEqualTo("0");
            assertThat(api.get("/status?key=store.snapshot_store.snapshots").body()).startsWith("[\"snapshot_");

            insert(api, 3);
            assertThat(post(api, "/snapshot")).isEqualTo(200);
            assertThat(post(api, "/snapshot")).as("nothing new").isEqualTo(204);
            assertThat(store(api, "num_user_snapshots")).isEqualTo(1);
            assertThat(api.counter("http", "user_snapshots")).isEqualTo(2);
            insert(api, 5); // after the last snapshot: a clean stop snapshots it
            String before = contents(api);
            assertThat(before).contains("[[128,");

            node.restart();
            assertThat(contents(node.api())).isEqualTo(before);
            assertThat(store(node.api(), "num_restores_start_skipped")).isEqualTo(1);
            assertThat(store(node.api(), "num_restores_start")).isZero();
            assertThat(node.api().execute("[[\"INSERT INTO s(v) VALUES(?)\", 1]]").body())
                    .contains("\"last_insert_id\":129");
        }
    }

    @Test
    void laterSnapshotsSaveOnlyTheLogAndARebuildReplaysTheChain(@TempDir Path dir) throws IOException {
        String before;
        int http = FreePorts.next();
        int raft = FreePorts.next();
        try (TestNode node = TestNode.start(dir, http, raft, "-raft-snap", "100000", "-raft-snap-int", "1h")) {
            Api api = node.api();
            api.execute(TABLE);
            insertWide(api, 40); // about 2 MB
            assertThat(post(api, "/snapshot")).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                insert(api, 2);
                assertThat(post(api, "/snapshot")).isEqualTo(200);
            }
            assertThat(store(api, "num_snapshots_full")).isEqualTo(1);
            assertThat(store(api, "num_snapshots_incremental")).isEqualTo(3);
            List<String> files = snapshotFiles(dir);
            assertThat(files.stream().filter(f -> f.startsWith("base-") && f.endsWith(".sqlite"))).hasSize(1);
            assertThat(files.stream().filter(f -> f.startsWith("wal-") && f.endsWith(".wal"))).hasSize(3);
            assertThat(files.stream().filter(f -> f.endsWith(".crc32"))).hasSize(4);
            insert(api, 1); // only in the log
            before = contents(api);
        }
        // A database file that does not match the snapshot's fingerprint is rebuilt from the chain.
        Files.delete(dir.resolve("clean_snapshot"));
        try (TestNode node = TestNode.start(dir, http, raft, "-raft-snap", "100000", "-raft-snap-int", "1h")) {
            assertThat(contents(node.api())).isEqualTo(before);
            assertThat(store(node.api(), "num_restores_start")).isEqualTo(1);
            assertThat(store(node.api(), "num_restores_start_skipped")).isZero();
        }
    }

    @Test
    void aTruncatedDatabaseFileIsRebuiltAndADamagedSnapshotStopsTheStart(@TempDir Path dir) throws IOException {
        String before;
        int http = FreePorts.next();
        int raft = FreePorts.next();
        try (TestNode node = TestNode.start(dir, http, raft)) {
            node.api().execute(TABLE);
            insertWide(node.api(), 4);
            before = contents(node.api());
        }
        Path db = dir.resolve("db.sqlite");
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        try (TestNode node = TestNode.start(dir, http, raft)) {
            assertThat(contents(node.api())).isEqualTo(before);
            assertThat(store(node.api(), "num_restores_start")).isEqualTo(1);
        }
        // Damage that keeps the size and time: the checksum a clean stop adds to the fingerprint catches it.
        assertThat(Files.readString(dir.resolve("clean_snapshot"))).doesNotContain("\"crc32\":0,");
        var modified = Files.getLastModifiedTime(db);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(f.length() - 2000);
            f.write(new byte[] {9, 9, 9, 9});
        }
        Files.setLastModifiedTime(db, modified);
        try (TestNode node = TestNode.start(dir, http, raft)) {
            assertThat(contents(node.api())).isEqualTo(before);
            assertThat(store(node.api(), "num_restores_start")).isEqualTo(1);
        }
        Files.delete(dir.resolve("clean_snapshot"));
        Path base;
        try (Stream<Path> files = Files.walk(dir.resolve("snapshots"))) {
            base = files.filter(p -> p.getFileName().toString().matches("base-\\d+\\.sqlite")).findFirst()
                    .orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(base.toFile(), "rw")) {
            f.seek(f.length() - 100);
            f.write(new byte[] {1, 2, 3, 4});
        }
        assertThatThrownBy(() -> TestNode.start(dir, http, raft).close()).hasMessageContaining("damaged");
    }

    @Test
    void aSnapshotHeldUpByALongReadFailsAndTheNodeGoesOn(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(dir, "-raft-snap", "100000", "-raft-snap-int", "1h")) {
            Api api = node.api();
            api.execute(TABLE);
            insert(api, 3);
            assertThat(post(api, "/snapshot")).isEqualTo(200);
            insert(api, 1);
            // A read long enough to outlast SQLite's busy wait keeps the log from being checkpointed.
            var longRead = java.util.concurrent.CompletableFuture.supplyAsync(() -> api.query(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 60000000)"
                            + " SELECT COUNT(*) FROM c, s LIMIT 1", "level=none"));
            int status = post(api, "/snapshot");
            assertThat(status).isIn(200, 500);
            longRead.get(120, java.util.concurrent.TimeUnit.SECONDS);
            insert(api, 1);
            assertThat(post(api, "/snapshot")).as("the node is still there and snapshots again").isEqualTo(200);
            String before = contents(api);
            node.restart();
            assertThat(contents(node.api())).isEqualTo(before);
        }
    }

    @Test
    void aLargeWriteAheadLogTriggersASnapshot(@TempDir Path dir) {
        try (TestNode node = TestNode.start(dir, "-raft-snap", "100000", "-raft-snap-int", "200ms",
                "-raft-snap-wal-size", "65536")) {
            Api api = node.api();
            api.execute(TABLE);
            insertWide(api, 4); // about 200 KB of log
            await().atMost(Duration.ofSeconds(20)).until(() -> store(api, "num_wal_snapshots") >= 1);
            assertThat(store(api, "num_snapshots")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void reapMergesTheChainIntoOneFullCopy(@TempDir Path dir) throws IOException {
        try (TestNode node = TestNode.start(dir, "-raft-snap", "100000", "-raft-snap-int", "1h")) {
            Api api = node.api();
            api.execute(TABLE);
            insertWide(api, 40);
            assertThat(post(api, "/snapshot")).isEqualTo(200);
            for (int i = 0; i < 2; i++) {
                insert(api, 1);
                assertThat(post(api, "/snapshot")).isEqualTo(200);
            }
            String before = contents(api);
            var reply = api.method("POST", "/reap", null);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("{\"snapshots_reaped\":2,\"wals_checkpointed\":2}\n");
            assertThat(snapshotFiles(dir).stream().filter(f -> f.endsWith(".wal"))).isEmpty();
            assertThat(api.method("POST", "/reap", null).body())
                    .isEqualTo("{\"snapshots_reaped\":0,\"wals_checkpointed\":0}\n");
            assertThat(api.get("/reap").status()).isEqualTo(405);
            assertThat(api.counter("http", "user_reaps")).isEqualTo(3);
            assertThat(contents(api)).isEqualTo(before);
            node.restart();
            assertThat(contents(node.api())).isEqualTo(before);
        }
    }

    @Test
    void bootReplacesTheDatabaseAndSurvivesACrashRestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("boot.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("CREATE TABLE b (x INTEGER)");
            c.createStatement().execute("INSERT INTO b VALUES (1), (2), (3)");
        }
        Path data = dir.resolve("data");
        int http = FreePorts.next();
        int raft = FreePorts.next();
        try (TestNode node = TestNode.start(data, http, raft)) {
            Api api = node.api();
            api.execute(TABLE);
            insert(api, 3);
            assertThat(api.post("/boot", "application/octet-stream", "not sqlite at all, and long enough to judge"
                    .getBytes()).status()).isEqualTo(400);
            var tooShort = api.post("/boot", "application/octet-stream", "SQLite format 3".getBytes());
            assertThat(tooShort.status()).isEqualTo(503);
            assertThat(tooShort.body()).isEqualTo("EOF\n");
            assertThat(api.get("/boot").status()).isEqualTo(405);
            var reply = api.post("/boot", "application/octet-stream", Files.readAllBytes(file));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).isEmpty();
            assertThat(api.query("SELECT SUM(x) FROM b", "").body()).contains("[[6]]");
            assertThat(api.query("SELECT COUNT(*) FROM s", "").body()).contains("no such table");
            assertThat(store(api, "num_boots")).isEqualTo(1);
            api.execute("[\"INSERT INTO b VALUES (4)\"]");
        }
        Files.delete(data.resolve("clean_snapshot")); // as after a crash: rebuilt from the boot's snapshot + log
        try (TestNode node = TestNode.start(data, http, raft)) {
            assertThat(node.api().query("SELECT SUM(x) FROM b", "").body()).contains("[[10]]");
        }
    }

    @Test
    void inMemoryNodesSnapshotTheirDatabaseAndRestoreIt(@TempDir Path dir) throws SQLException {
        try (TestNode node = TestNode.start(dir, "-in-memory", "-raft-snap", "100000", "-raft-snap-int", "1h")) {
            Api api = node.api();
            api.execute(TABLE);
            insert(api, 10);
            assertThat(post(api, "/snapshot")).isEqualTo(200);
            insert(api, 2); // replayed from the log after the snapshot
            String before = contents(api);
            node.restart();
            assertThat(contents(node.api())).isEqualTo(before);
            assertThat(store(node.api(), "num_restores_start")).isEqualTo(1);
            assertThat(node.api().query("SELECT COUNT(*) FROM s", "level=none").body()).contains("[[12]]");
        }
    }
}
