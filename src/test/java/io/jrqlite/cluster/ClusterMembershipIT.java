package io.jrqlite.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.FreePorts;
import io.jrqlite.testing.TestCluster;
import io.jrqlite.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Membership on three or four nodes: ids, removal, stepdown, non-voters, replacement, reaping, recovery. */
class ClusterMembershipIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    @RegisterExtension
    final TestCluster cluster = new TestCluster(() -> dir);

    private static String nodes(TestNode n, String query) {
        return n.api().get("/nodes" + query).body();
    }

    private static String count(TestNode n, String level) {
        return n.api().query("SELECT COUNT(*) FROM t", level).body();
    }

    @Test
    void idsSurviveMembersGoingDownSnapshotsAndRestarts() {
        List<TestNode> c = cluster.startThree("-raft-snap", "10", "-raft-snap-int", "200ms");
        TestNode leader = c.get(0);
        leader.api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]");
        for (int i = 0; i < 30; i++) {
            assertThat(leader.api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"x\"]]").status()).isEqualTo(200);
        }
        await().atMost(WAIT).until(() -> leader.api().get("/status").body().contains("\"last_snapshot_index\""));
        TestNode third = c.get(2);
        third.close();
        // Down, it cannot say its id: the leader's map does.
        await().atMost(WAIT).until(() -> nodes(leader, "?ver=2").contains("\"reachable\":false"));
        assertThat(nodes(leader, "")).contains("\"n3\":{\"id\":\"n3\"", "\"reachable\":false");
        assertThat(leader.api().get("/status").body()).contains("{\"id\":\"n3\",\"addr\":\"" + third.raftAddress()
                + "\",\"suffrage\":\"voter\"}");
        // A restarted follower learns the ids from its snapshot and log.
        c.get(1).restart();
        assertThat(leader.api().counter("store", "num_ignored_joins")).as("a member's rejoin changes nothing").isEqualTo(1);
        String status = c.get(1).api().get("/status").body();
        assertThat(status).contains("\"id\":\"n1\"", "\"id\":\"n2\"", "\"id\":\"n3\"");
        assertThat(c.get(1).api().get("/leader").body()).contains("\"id\":\"n1\"");
        await().atMost(WAIT).until(() -> c.get(1).api().get("/status?key=store.raft.last_contact").body()
                .matches("\"[0-9.]+(ns|µs|ms|s)\"\\s*"));
        assertThat(leader.api().get("/status?key=store.raft.last_contact").body().trim()).isEqualTo("0");
    }

    @Test
    void removeThroughAFollowerIsCommittedBeforeTheReplyAndStopsTheRemovedNodesRaft() {
        TestNode first = cluster.start("n1");
        TestNode second = cluster.start("n2", "-join", first.raftAddress());
        TestNode third = cluster.start("n3", "-join", first.raftAddress(), "-raft-remove-shutdown");
        Api api = second.api();
        assertThat(api.method("DELETE", "/remove", "{\"id\":\"n3\",\"x\":1}").status()).isEqualTo(400);
        assertThat(api.method("DELETE", "/remove", "{\"id\":3}").status()).isEqualTo(400);
        assertThat(api.method("DELETE", "/remove", "not json").status()).isEqualTo(400);
        assertThat(api.method("POST", "/remove", "{\"id\":\"n3\"}").status()).isEqualTo(405);
        assertThat(nodes(first, "")).contains("\"n3\"");
        var redirected = api.method("DELETE", "/remove?redirect", "{\"id\":\"n3\"}");
        assertThat(redirected.status()).isEqualTo(301);
        assertThat(redirected.header("Location")).isEqualTo("http://" + first.httpAddress() + "/remove?redirect");

        var removed = api.method("DELETE", "/remove", "{\"id\":\"n3\"}");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(nodes(first, "?ver=2")).doesNotContain("\"id\":\"n3\"").contains("\"id\":\"n2\"");
        await().atMost(WAIT).until(() -> third.api().get("/status").body().contains("\"state\":\"Shutdown\""));
        assertThat(first.api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY)\"]").status()).isEqualTo(200);
        assertThat(api.method("DELETE", "/remove", "{\"id\":\"nobody\"}").status()).isEqualTo(200);
    }

    @Test
    void stepdownHandsLeadershipToTheChosenVoterAndIsForwarded() {
        List<TestNode> c = cluster.startThree();
        TestNode first = c.get(0);
        var toSelf = first.api().post("/leader?wait", "{\"id\":\"n1\"}");
        assertThat(toSelf.status()).isEqualTo(500);
        assertThat(toSelf.body()).contains("cannot step down to the current Leader");
        assertThat(first.api().post("/leader?wait", "{\"id\":\"nobody\"}").body()).contains("node not found");
        assertThat(first.api().post("/leader?wait", "{\"id\":").status()).isEqualTo(400);

        var moved = first.api().post("/leader?wait", "{\"id\":\"n2\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> first.api().get("/leader").body().contains("\"id\":\"n2\""));
        // Through a follower (n3), back to n1.
        var forwarded = c.get(2).api().post("/leader?wait", "{\"id\":\"n1\"}");
        assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> c.get(2).api().get("/leader").body().contains("\"id\":\"n1\""));
        assertThat(c.get(2).api().post("/leader?redirect&wait", "").status()).isEqualTo(301);
    }

    @Test
    void aNonVoterReplicatesForwardsWritesServesAutoReadsAndCatchesUpAfterARestart() {
        List<TestNode> c = cluster.startThree();
        TestNode first = c.get(0);
        TestNode replica = cluster.start("r1", "-join", c.get(1).raftAddress(), "-raft-non-voter");
        assertThat(nodes(first, "")).doesNotContain("\"r1\"");
        await().atMost(WAIT).until(() -> nodes(first, "?nonvoters").contains("\"id\":\"r1\""));
        assertThat(nodes(first, "?nonvoters")).contains("\"voter\":false");
        assertThat(replica.api().get("/status?key=store").body()).contains("\"voter\":false");
        assertThat(replica.api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]").status())
                .isEqualTo(200);
        assertThat(replica.api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"x\"]]").body())
                .contains("\"rows_affected\":1");
        await().atMost(WAIT).until(() -> count(replica, "level=auto").contains("[[1]]"));
        // A rejoin of a member is a no-op for the leader.
        replica.close();
        long ignoredBefore = first.api().counter("store", "num_ignored_joins");
        first.api().post("/leader?wait", "{\"id\":\"n2\"}");
        await().atMost(WAIT).until(() -> c.get(2).api().get("/leader").body().contains("\"id\":\"n2\""));
        assertThat(c.get(2).api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"y\"]]").status()).isEqualTo(200);
        TestNode back = cluster.startOn("r1", replica.httpPort(), replica.raftPort(),
                "-join", first.raftAddress(), "-raft-non-voter");
        await().atMost(WAIT).until(() -> count(back, "level=none").contains("[[2]]"));
        assertThat(c.get(1).api().counter("store", "num_ignored_joins")
                + first.api().counter("store", "num_ignored_joins"))
                .isGreaterThan(ignoredBefore);
        assertThat(nodes(c.get(1), "?nonvoters&ver=2")).containsOnlyOnce("\"id\":\"r1\"");
    }

    @Test
    void aMemberBackOnNewAddressesReplacesItsOldEntry() {
        List<TestNode> c = cluster.startThree();
        TestNode first = c.get(0);
        first.api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]");
        TestNode third = c.get(2);
        third.close();
        TestNode moved = cluster.startOn("n3", FreePorts.next(), FreePorts.next(), "-join", first.raftAddress());
        await().atMost(WAIT).until(() -> nodes(first, "?ver=2").contains("\"addr\":\"" + moved.raftAddress() + "\""));
        String list = nodes(first, "?ver=2");
        assertThat(list).containsOnlyOnce("\"id\":\"n3\"").doesNotContain("\"addr\":\"" + third.raftAddress() + "\"");
        assertThat(first.api().counter("store", "num_removed_before_joins")).isEqualTo(1);
        assertThat(moved.api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"x\"]]").status()).isEqualTo(200);
        // The leader's own id on new addresses is refused: replacing that entry would remove the leader itself.
        assertThatThrownBy(() -> cluster.startOn("n1-again", FreePorts.next(), FreePorts.next(), "-node-id", "n1",
                "-join", first.raftAddress(), "-join-attempts", "1"))
                .hasMessageContaining("node ID n1 is the leader's own");
        assertThat(nodes(first, "?ver=2")).contains("\"id\":\"n1\"", "\"id\":\"n2\"", "\"id\":\"n3\"");
    }

    @Test
    void unreachableMembersAreReapedAndACleanStopCanLeaveTheCluster() {
        List<TestNode> c = cluster.startThree("-raft-reap-node-timeout", "2s",
                "-raft-reap-read-only-node-timeout", "2s");
        TestNode first = c.get(0);
        TestNode leaving = cluster.start("n4", "-join", first.raftAddress(), "-raft-cluster-remove-shutdown=true");
        await().atMost(WAIT).until(() -> nodes(first, "").contains("\"n4\""));
        leaving.close();
        assertThat(nodes(first, "")).as("left on its clean stop").doesNotContain("\"n4\"");

        c.get(2).close();
        await().atMost(WAIT).until(() -> !nodes(first, "").contains("\"n3\""));
        await().atMost(WAIT).until(() -> first.api().counter("store", "nodes_reaped_ok") == 1);
        TestNode replica = cluster.start("r1", "-join", first.raftAddress(), "-raft-non-voter");
        await().atMost(WAIT).until(() -> nodes(first, "?nonvoters").contains("\"r1\""));
        replica.close();
        await().atMost(WAIT).until(() -> !nodes(first, "?nonvoters").contains("\"r1\""));
        await().atMost(WAIT).until(() -> first.api().counter("store", "nodes_reaped_ok") == 2);
        assertThat(first.api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY)\"]").status()).isEqualTo(200);
    }

    @Test
    void peersJsonBringsAClusterBackOnNewRaftAddressesWithItsData() throws Exception {
        List<TestNode> c = cluster.startThree();
        c.get(0).api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\", "
                + "[\"INSERT INTO t(v) VALUES(?)\", \"kept\"]]");
        for (TestNode n : c) {
            await().atMost(WAIT).until(() -> count(n, "level=none").contains("[[1]]"));
        }
        c.forEach(TestNode::close);
        int[] raft = {FreePorts.next(), FreePorts.next(), FreePorts.next()};
        StringBuilder peers = new StringBuilder("[");
        for (int i = 0; i < 3; i++) {
            peers.append(i == 0 ? "" : ",").append("{\"id\":\"n").append(i + 1)
                    .append("\",\"address\":\"127.0.0.1:").append(raft[i]).append("\",\"non_voter\":false}");
        }
        peers.append(']');
        for (int i = 0; i < 3; i++) {
            Files.writeString(dir.resolve("n" + (i + 1)).resolve("raft").resolve("peers.json"), peers);
        }
        List<CompletableFuture<TestNode>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int k = i;
            starting.add(CompletableFuture.supplyAsync(() -> cluster.startOn("n" + (k + 1),
                    c.get(k).httpPort(), raft[k])));
        }
        List<TestNode> back = new ArrayList<>();
        for (var f : starting) {
            back.add(f.get());
        }
        assertThat(count(back.get(1), "level=strong")).contains("[[1]]");
        assertThat(back.get(0).api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"new\"]]").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> nodes(back.get(2), "?ver=2").contains("\"id\":\"n1\""));
        String list = nodes(back.get(2), "?ver=2");
        for (int i = 0; i < 3; i++) {
            assertThat(list).contains("\"addr\":\"127.0.0.1:" + raft[i] + "\"");
        }
        for (int i = 0; i < 3; i++) {
            Path raftDir = dir.resolve("n" + (i + 1)).resolve("raft");
            // Set aside once the recovered configuration is committed, so a crash before that applies it again.
            await().atMost(WAIT).until(() -> Files.exists(raftDir.resolve("peers.info")));
            assertThat(raftDir.resolve("peers.json")).doesNotExist();
            assertThat(back.get(i).api().counter("store", "num_recoveries")).isEqualTo(1);
        }
    }

    @Test
    void nodesJoiningAtOnceAreAddedOneAfterTheOther() throws Exception {
        TestNode first = cluster.start("n1");
        // One join round each: a join refused because another change is under way would fail the start.
        var second = CompletableFuture.supplyAsync(() -> cluster.start("n2", "-join", first.raftAddress(), "-join-attempts", "1"));
        var third = CompletableFuture.supplyAsync(() -> cluster.start("n3", "-join", first.raftAddress(), "-join-attempts", "1"));
        second.get();
        third.get();
        assertThat(nodes(first, "?ver=2")).contains("\"id\":\"n2\"", "\"id\":\"n3\"");
        assertThat(second.get().api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY)\"]").status()).isEqualTo(200);
    }

    @Test
    void aNonVoterCannotStartANewCluster() {
        assertThatThrownBy(() -> cluster.start("r1", "-raft-non-voter"))
                .hasMessageContaining("cannot create a new non-voting node without joining it to an existing cluster");
    }
}
