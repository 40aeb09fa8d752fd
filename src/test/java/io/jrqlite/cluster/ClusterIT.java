package io.jrqlite.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.TestCluster;
import io.jrqlite.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes on loopback: joining, writes and reads through any node, and the loss of the leader. */
class ClusterIT {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestCluster cluster = new TestCluster(() -> dir);

    private static String count(Api api, String level) {
        return api.query("SELECT COUNT(*) FROM t", level).body();
    }

    @Test
    void aFollowerThatMissedCompactedEntriesInstallsTheLeadersSnapshot() {
        List<TestNode> c = cluster.startThree("-raft-snap", "20", "-raft-snap-int", "200ms");
        TestNode first = c.get(0);
        TestNode second = c.get(1);
        TestNode third = c.get(2);
        Api api = first.api();
        api.execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]");
        third.close(); // stopped; restarted below on the same ports and data
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 30; i++) {
                assertThat(api.execute("[[\"INSERT INTO t(v) VALUES(?)\", \"x\"]]").status()).isEqualTo(200);
            }
            assertThat(api.method("POST", "/snapshot", null).status()).isIn(200, 204);
        }
        TestNode back = cluster.startOn("n3", third.httpPort(), third.raftPort(),
                "-join", first.raftAddress(), "-raft-snap", "20", "-raft-snap-int", "200ms");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(back.api(), "level=none").contains("[[90]]"));
        // The restored rows show a moment before the restore is counted: await the counter too.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api backApi = back.api();
            assertThat(backApi.counter("store", "num_restores") - backApi.counter("store", "num_restores_start"))
                    .as("one restore from the leader's snapshot, beside any of its own at start").isEqualTo(1);
        });
        String leaderDump = first.api().get("/db/backup?fmt=sql").body();
        for (TestNode follower : List.of(second, back)) { // replicas converge to the leader's database
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> follower.api().get("/db/backup?fmt=sql&noleader").body().equals(leaderDump));
        }
    }

    @Test
    void nodesJoinAndServeWritesAndReadsAnywhereAndSurviveTheLeaderGoing() {
        List<TestNode> c = cluster.startThree();
        TestNode first = c.get(0);
        TestNode second = c.get(1);
        TestNode third = c.get(2);

        String nodesJson = third.api().get("/nodes?ver=2").body();
        for (TestNode n : c) {
            assertThat(nodesJson).contains("\"api_addr\":\"http://" + n.httpAddress() + "\"",
                    "\"addr\":\"" + n.raftAddress() + "\"");
        }
        assertThat(nodesJson).contains("\"id\":\"n1\"", "\"id\":\"n2\"", "\"id\":\"n3\"")
                .doesNotContain("\"reachable\":false");
        assertThat(third.api().get("/leader").body()).contains("\"id\":\"n1\"", "\"leader\":true");
        var redirected = second.api().get("/db/query?q=SELECT%201&redirect");
        assertThat(redirected.status()).isEqualTo(301);
        assertThat(redirected.header("Location"))
                .isEqualTo("http://" + first.httpAddress() + "/db/query?q=SELECT%201&redirect");
        assertThat(second.api().get("/db/query?q=SELECT%201&redirect&level=none").status()).isEqualTo(200);
        assertThat(first.api().get("/db/query?q=SELECT%201&redirect").status()).isEqualTo(200);

        assertThat(second.api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]").status())
                .as("a write through a follower is forwarded to the leader").isEqualTo(200);
        for (TestNode n : c) {
            for (int i = 0; i < 5; i++) {
                var r = n.api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"x\"]]");
                assertThat(r.body()).contains("\"rows_affected\":1");
            }
        }
        for (TestNode n : c) {
            assertThat(count(n.api(), "level=strong")).contains("[[15]]");
            assertThat(count(n.api(), "level=weak")).contains("[[15]]");
            assertThat(count(n.api(), "level=linearizable")).contains("[[15]]");
            await().atMost(Duration.ofSeconds(10)).until(() -> count(n.api(), "level=none").contains("[[15]]"));
            assertThat(count(n.api(), "level=none&freshness=10s&freshness_strict")).contains("[[15]]");
        }
        assertThat(count(second.api(), "level=none&freshness=1ns")).as("no contact is that recent")
                .contains("\"error\":\"stale read\"");

        first.close(); // the leader goes
        await().atMost(Duration.ofSeconds(20)).until(() -> second.api().execute(
                "[[\"INSERT INTO t(v) VALUES(?)\", \"after\"]]").body().contains("\"rows_affected\":1"));
        assertThat(third.api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"after\"]]").body())
                .contains("\"rows_affected\":1");
        assertThat(count(second.api(), "level=strong")).contains("[[17]]");
        assertThat(second.api().get("/nodes?ver=2").body()).contains("\"reachable\":false");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(third.api(), "level=none").contains("[[17]]"));
    }
}
