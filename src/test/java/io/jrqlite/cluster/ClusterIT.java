package io.jrqlite.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes on loopback: joining, writes and reads through any node, and the loss of the leader. */
class ClusterIT {

    @TempDir
    Path dir;
    private final List<TestNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.forEach(TestNode::close);
    }

    private TestNode start(String name, String... flags) {
        String[] withId = new String[flags.length + 2];
        withId[0] = "-node-id";
        withId[1] = name;
        System.arraycopy(flags, 0, withId, 2, flags.length);
        TestNode n = TestNode.start(dir.resolve(name), withId);
        nodes.add(n);
        return n;
    }

    private static String count(Api api, String level) {
        return api.query("SELECT COUNT(*) FROM t", level).body();
    }

    @Test
    void aFollowerThatMissedCompactedEntriesInstallsTheLeadersSnapshot() {
        TestNode first = start("n1", "-raft-snap", "20", "-raft-snap-int", "200ms");
        TestNode second = start("n2", "-join", first.raftAddress(), "-raft-snap", "20", "-raft-snap-int", "200ms");
        TestNode third = start("n3", "-join", first.raftAddress(), "-raft-snap", "20", "-raft-snap-int", "200ms");
        Api api = first.api();
        api.execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]");
        third.close(); // stopped; restarted below on the same ports and data
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 30; i++) {
                assertThat(api.execute("[[\"INSERT INTO t(v) VALUES(?)\", \"x\"]]").status()).isEqualTo(200);
            }
            assertThat(api.method("POST", "/snapshot", null).status()).isIn(200, 204);
        }
        TestNode back = TestNode.start(third.dataDir(), port(third.httpAddress()), port(third.raftAddress()),
                "-join", first.raftAddress(), "-raft-snap", "20", "-raft-snap-int", "200ms");
        nodes.add(back);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(back.api(), "level=none").contains("[[90]]"));
        // The restored rows show a moment before the restore is counted: await the counter too.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String vars = back.api().get("/debug/vars?key=store").body();
            assertThat(counter(vars, "num_restores") - counter(vars, "num_restores_start"))
                    .as("one restore from the leader's snapshot, beside any of its own at start: " + vars).isEqualTo(1);
        });
        String leaderDump = first.api().get("/db/backup?fmt=sql").body();
        for (TestNode follower : List.of(second, back)) { // replicas converge to the leader's database
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> follower.api().get("/db/backup?fmt=sql&noleader").body().equals(leaderDump));
        }
    }

    private static long counter(String vars, String name) {
        var m = java.util.regex.Pattern.compile("\"" + name + "\": (\\d+)").matcher(vars);
        assertThat(m.find()).as(name + " in " + vars).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    @Test
    void nodesJoinAndServeWritesAndReadsAnywhereAndSurviveTheLeaderGoing() {
        TestNode first = start("n1");
        TestNode second = start("n2", "-join", first.raftAddress());
        TestNode third = start("n3", "-join", first.raftAddress());

        String nodesJson = third.api().get("/nodes?ver=2").body();
        for (TestNode n : nodes) {
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
        for (TestNode n : nodes) {
            for (int i = 0; i < 5; i++) {
                var r = n.api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"x\"]]");
                assertThat(r.body()).contains("\"rows_affected\":1");
            }
        }
        for (TestNode n : nodes) {
            assertThat(count(n.api(), "level=strong")).contains("[[15]]");
            assertThat(count(n.api(), "level=weak")).contains("[[15]]");
            assertThat(count(n.api(), "level=linearizable")).contains("[[15]]");
            await().atMost(Duration.ofSeconds(10)).until(() -> count(n.api(), "level=none").contains("[[15]]"));
            assertThat(count(n.api(), "level=none&freshness=10s&freshness_strict")).contains("[[15]]");
        }
        assertThat(count(second.api(), "level=none&freshness=1ns")).as("no contact is that recent")
                .contains("\"error\":\"stale read\"");

        first.close(); // the leader goes
        nodes.remove(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> second.api().execute(
                "[[\"INSERT INTO t(v) VALUES(?)\", \"after\"]]").body().contains("\"rows_affected\":1"));
        assertThat(third.api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"after\"]]").body())
                .contains("\"rows_affected\":1");
        assertThat(count(second.api(), "level=strong")).contains("[[17]]");
        assertThat(second.api().get("/nodes?ver=2").body()).contains("\"reachable\":false");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(third.api(), "level=none").contains("[[17]]"));
    }
}
