package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.ChildNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at awkward moments (writes, snapshots, reaps and loads under way), then a restart: every acknowledged
 * write is there exactly once, and a load is either wholly applied or not at all.
 */
class CrashRestartIT {

    private static final Pattern VALUE = Pattern.compile("\\[\"(w\\d+-\\d+)\",(\\d+)]");

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillsDuringWritesSnapshotsAndReaps() throws Exception {
        Path data = dir.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ChildNode node = ChildNode.start(data, "-raft-snap", "20", "-raft-snap-int", "100ms",
                "-raft-snap-wal-size", "16384")) {
            node.api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE, pad TEXT)\"]");
            for (int round = 0; round < 3; round++) {
                writeUntilKilled(node, round, acknowledged);
                node.launch();
                checkExactlyOnce(node.api(), acknowledged);
            }
            assertThat(acknowledged).hasSizeGreaterThan(300);
        }
    }

    /** Four writers and a snapshot/reap loop run until the node is killed, mid-flight. */
    private static void writeUntilKilled(ChildNode node, int round, Set<String> acknowledged) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> running = new ArrayList<>();
        String pad = "p".repeat(500);
        try {
            for (int w = 0; w < 4; w++) {
                int writer = round * 4 + w;
                running.add(pool.submit(() -> {
                    Api api = node.api();
                    for (int i = 0; i < 2000 && !stop.get(); i++) {
                        String v = "w" + writer + "-" + i;
                        try {
                            var r = api.execute("[[\"INSERT INTO t(v, pad) VALUES(?, ?)\", \"" + v + "\", \""
                                    + pad + "\"]]");
                            if (r.status() == 200 && r.body().contains("\"rows_affected\":1")) {
                                acknowledged.add(v);
                            }
                        } catch (RuntimeException e) {
                            return; // the node is gone
                        }
                    }
                }));
            }
            running.add(pool.submit(() -> {
                Api api = node.api();
                for (int i = 0; i < 10_000 && !stop.get(); i++) {
                    try {
                        api.method("POST", i % 5 == 4 ? "/reap" : "/snapshot", null);
                    } catch (RuntimeException e) {
                        return;
                    }
                }
            }));
            int target = acknowledged.size() + 150 + round * 37;
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= target);
            node.kill();
        } finally {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void checkExactlyOnce(Api api, Set<String> acknowledged) {
        String body = api.query("SELECT v, COUNT(*) FROM t GROUP BY v", "level=strong").body();
        Matcher m = VALUE.matcher(body);
        Set<String> present = new java.util.HashSet<>();
        while (m.find()) {
            assertThat(m.group(2)).as("copies of " + m.group(1)).isEqualTo("1");
            present.add(m.group(1));
        }
        assertThat(present).containsAll(acknowledged);
    }

    @Test
    void aKillWhileAFullSnapshotIsCopiedLosesNothing() throws Exception {
        Path data = dir.resolve("data");
        try (ChildNode node = ChildNode.start(data, "-raft-snap", "1000000", "-raft-snap-int", "1h",
                "-raft-snap-wal-size", "0")) {
            Api api = node.api();
            api.execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]");
            String row = "[\"INSERT INTO t(v) VALUES(?)\", \"" + "k".repeat(1000) + "\"]";
            String batch = "[" + String.join(",", java.util.Collections.nCopies(200, row)) + "]";
            for (int i = 0; i < 150; i++) { // about 30 MB, all in the write-ahead log
                assertThat(api.execute(batch).status()).isEqualTo(200);
            }
            HttpClient client = HttpClient.newHttpClient();
            var snapshot = client.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://" + node.httpAddress() + "/snapshot")).POST(HttpRequest.BodyPublishers
                            .noBody()).build(), HttpResponse.BodyHandlers.discarding());
            Path temp = data.resolve("snapshots").resolve("temp");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
                    .until(() -> snapshot.isDone() || Files.isDirectory(temp));
            assertThat(api.execute("[[\"INSERT INTO t(v) VALUES(?)\", \"during\"]]").status()).isEqualTo(200);
            node.kill();
            node.launch();
            assertThat(node.api().query("SELECT COUNT(*), SUM(v = 'during') FROM t", "level=strong").body())
                    .contains("[[30001,1]]");
        }
    }

    @Test
    void aLoadCutShortByAKillIsAllOrNothing() throws Exception {
        Path file = dir.resolve("load.sqlite");
        int loadedRows = 20_000;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("CREATE TABLE l (id INTEGER PRIMARY KEY, v TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO l(v) VALUES (?)")) {
                for (int i = 0; i < loadedRows; i++) {
                    ps.setString(1, "x".repeat(1000) + i);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
        byte[] database = Files.readAllBytes(file);
        Path data = dir.resolve("data");
        try (ChildNode node = ChildNode.start(data, "-raft-snap", "50", "-raft-snap-int", "200ms")) {
            Api api = node.api();
            api.execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]");
            for (int i = 0; i < 100; i++) {
                assertThat(api.execute("[[\"INSERT INTO t(v) VALUES(?)\", \"before" + i + "\"]]").status())
                        .isEqualTo(200);
            }
            HttpClient client = HttpClient.newHttpClient();
            var sent = client.sendAsync(HttpRequest.newBuilder(URI.create("http://" + node.httpAddress() + "/db/load"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(database)).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> sent.isDone() || api.get("/debug/vars?key=http").body().contains("\"loads\": 1"));
            node.kill();
            boolean acknowledged = sent.handle((r, t) -> r != null && r.statusCode() == 200).get();
            node.launch();
            String tables = node.api().query("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name",
                    "level=strong").body();
            if (tables.contains("\"l\"")) {
                assertThat(tables).doesNotContain("\"t\"");
                assertThat(node.api().query("SELECT COUNT(*), MIN(id), MAX(id) FROM l", "").body())
                        .contains("[[" + loadedRows + ",1," + loadedRows + "]]");
            } else {
                assertThat(acknowledged).as("an acknowledged load is not lost").isFalse();
                assertThat(node.api().query("SELECT COUNT(*) FROM t", "").body()).contains("[[100]]");
            }
            // Pieces of a load cut short are dropped when the node leads again: snapshots are not held up by them.
            node.api().execute("[\"CREATE TABLE after (v)\"]");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> node.api().method("POST", "/snapshot", null).status() != 500);
            try (var staged = Files.list(data.resolve("load-staging"))) {
                assertThat(staged).isEmpty();
            }
        }
    }
}
