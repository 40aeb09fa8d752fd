package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** Snapshots: taken by count and on request, and what a restarted node rebuilds its database from. */
class SnapshotIT {

    private static void insert(Api api, int rows) {
        for (int i = 0; i < rows; i++) {
            assertThat(api.execute("[[\"INSERT INTO s(v) VALUES(?)\", " + i + "]]").status()).isEqualTo(200);
        }
    }

    private static long counter(Api api, String name) {
        String vars = api.get("/debug/vars?key=store").body();
        String key = "\"" + name + "\": ";
        int at = vars.indexOf(key) + key.length();
        int end = at;
        while (end < vars.length() && Character.isDigit(vars.charAt(end))) {
            end++;
        }
        return Long.parseLong(vars.substring(at, end));
    }

    private static String count(Api api) {
        return api.query("SELECT COUNT(*) FROM s", "level=strong").body();
    }

    @Test
    void snapshotsByCountAndOnRequestAndARestartRebuildsFromThem(@TempDir Path dir) {
        try (TestNode node = TestNode.start(dir, "-raft-snap", "50", "-raft-snap-int", "1s")) {
            Api api = node.api();
            assertThat(api.execute("[\"CREATE TABLE s (id INTEGER PRIMARY KEY, v INTEGER)\"]").status())
                    .isEqualTo(200);
            insert(api, 120);
            await().atMost(Duration.ofSeconds(20)).until(() -> counter(api, "num_snapshots") >= 1);
            assertThat(api.get("/status?key=store.raft.last_snapshot_index").body()).isNotEqualTo("0");
            assertThat(api.get("/status?key=store.snapshot_store.snapshots").body()).startsWith("[\"snapshot_");

            insert(api, 3);
            assertThat(api.method("POST", "/snapshot", null).status()).isEqualTo(200);
            assertThat(api.method("POST", "/snapshot", null).status()).as("nothing new").isEqualTo(204);
            insert(api, 5); // after the last snapshot: comes back from the log
            String before = count(api);
            assertThat(before).contains("[[128]]");

            node.restart();
            assertThat(count(node.api())).isEqualTo(before);
            assertThat(counter(node.api(), "num_restores_start")).isEqualTo(1);
            assertThat(node.api().execute("[[\"INSERT INTO s(v) VALUES(?)\", 1]]").body())
                    .contains("\"last_insert_id\":129");
        }
    }

    @Test
    void inMemoryNodesDoNotSnapshotYet(@TempDir Path dir) {
        try (TestNode node = TestNode.start(dir, "-in-memory", "-raft-snap", "5", "-raft-snap-int", "1s")) {
            Api api = node.api();
            assertThat(api.execute("[\"CREATE TABLE s (id INTEGER PRIMARY KEY, v INTEGER)\"]").status())
                    .isEqualTo(200);
            insert(api, 10);
            assertThat(api.method("POST", "/snapshot", null).status()).isEqualTo(204);
            node.restart();
            assertThat(count(node.api())).contains("[[10]]");
            assertThat(counter(node.api(), "num_snapshots")).isZero();
        }
    }
}
