package io.jrqlite.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.ChildNode;
import io.jrqlite.testing.FreePorts;
import io.jrqlite.testing.TestCluster;
import io.jrqlite.testing.TestCluster.Member;
import io.jrqlite.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Cluster formation: -bootstrap-expect, joins through followers, and the joins a node must refuse. */
class ClusterBootstrapIT {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestCluster cluster = new TestCluster(() -> dir);

    private static String count(Api api) {
        return api.query("SELECT COUNT(*) FROM t", "level=none").body();
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** Every node lists exactly {@code nodes} as voters, one of them the leader. */
    private static void assertOneCluster(List<TestNode> nodes) {
        for (TestNode n : nodes) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String json = n.api().get("/nodes?ver=2").body();
                assertThat(occurrences(json, "\"addr\":")).as(json).isEqualTo(nodes.size());
                for (TestNode member : nodes) {
                    assertThat(json).contains("\"addr\":\"" + member.raftAddress() + "\"");
                }
                assertThat(occurrences(json, "\"leader\":true")).as(json).isEqualTo(1);
            });
        }
    }

    @Test
    void nodesStartedTogetherFormOneClusterALaterNodeJoinsAndAllComeBackAfterARestart() {
        List<Member> plans = TestCluster.plan("n1", "n2", "n3", "n4");
        String join = String.join(",", plans.subList(0, 3).stream().map(Member::raftAddress).toList());
        String[] flags = {"-bootstrap-expect", "3", "-join", join, "-bootstrap-expect-timeout", "90s"};

        List<TestNode> nodes = cluster.startTogether(plans.subList(0, 3), flags);
        assertOneCluster(nodes);
        for (TestNode n : nodes) {
            assertThat(n.api().counter("cluster", "num_notify_req")).as("each node announced itself at least to itself")
                    .isPositive();
        }
        Api api = nodes.get(1).api();
        assertThat(api.execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]").status()).isEqualTo(200);
        assertThat(api.execute("[[\"INSERT INTO t(v) VALUES(?)\", \"x\"]]").body()).contains("\"rows_affected\":1");
        for (TestNode n : nodes) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(n.api()).contains("[[1]]"));
            // Formed without joins, the members' ids reach every node's map through the leader.
            await().atMost(Duration.ofSeconds(30)).until(() -> n.api().get("/status?key=store.nodes").body()
                    .matches("(?s).*\"id\":\"n1\".*\"id\":\"n2\".*\"id\":\"n3\".*"));
        }

        // Started later with the same flags: the cluster has a leader, so the join round takes it in.
        nodes.add(cluster.start(plans.get(3), flags));
        assertOneCluster(nodes);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(nodes.get(3).api()).contains("[[1]]"));

        // All stopped and started again with the same flags: the stored configuration brings the cluster back.
        nodes.forEach(TestNode::close);
        List<TestNode> again = cluster.startTogether(plans, flags);
        assertOneCluster(again);
        for (TestNode n : again) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(n.api()).contains("[[1]]"));
        }
        assertThat(again.get(3).api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"y\"]]").body())
                .contains("\"rows_affected\":1");
        for (TestNode n : again) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(n.api()).contains("[[2]]"));
        }
    }

    @Test
    void aNodeJoinsThroughAFollower() {
        TestNode first = cluster.start("n1");
        TestNode second = cluster.start("n2", "-join", first.raftAddress());
        TestNode third = cluster.start("n3", "-join", second.raftAddress());
        assertOneCluster(List.of(first, second, third));
        assertThat(second.api().counter("cluster", "num_join_req")).as("asked, answered with the leader").isPositive();
        assertThat(first.api().counter("cluster", "num_join_req")).as("both joins end on the leader")
                .isGreaterThanOrEqualTo(2);

        long before = first.api().counter("cluster", "num_join_req");
        third.restart(); // with its state and the same -join: the join is sent again, a no-op for the leader
        assertThat(first.api().counter("cluster", "num_join_req")).isGreaterThan(before);
        assertOneCluster(List.of(first, second, third));
    }

    @Test
    void aSingleNodeClusterRefusesToJoinAnother() {
        TestNode other = cluster.start("n2");
        try (ChildNode single = ChildNode.start(dir.resolve("single"))) {
            assertThat(single.stop(Duration.ofSeconds(60))).isZero();

            ChildNode.Result r = ChildNode.run("-node-id", "child", "-http-addr", single.httpAddress(),
                    "-raft-addr", single.raftAddress(), "-join", other.raftAddress(), dir.resolve("single").toString());
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
            assertThat(r.stderr()).contains(
                    "fatal: node is the only node in a single-node cluster, joining other clusters not supported");
            assertThat(other.api().get("/nodes").body()).doesNotContain(single.raftAddress());
        }
    }

    @Test
    void aJoinAddressServingHttpIsRefused() {
        TestNode other = cluster.start("n1");
        ChildNode.Result r = ChildNode.run("-http-addr", "127.0.0.1:" + FreePorts.next(),
                "-raft-addr", "127.0.0.1:" + FreePorts.next(), "-join", other.httpAddress(),
                dir.resolve("wrong").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("fatal: join address " + other.httpAddress()
                + " appears to be serving HTTP when it should be Raft");
    }

    @Test
    void aStopWhileWaitingToJoinEndsTheProcess() {
        String nobody = "127.0.0.1:" + FreePorts.next();
        try (ChildNode joining = ChildNode.startServingHttp(dir.resolve("joining"), "-join", nobody,
                "-join-attempts", "1000", "-join-interval", "1s")) {
            assertThat(joining.api().get("/readyz").status()).as("still joining").isEqualTo(503);
            assertThat(joining.stop(Duration.ofSeconds(30))).as(joining.log()).isZero();
        }
    }

    @Test
    void bootstrapGivesUpAfterItsTimeout() {
        List<Member> plans = TestCluster.plan("n1", "n2");
        String join = plans.get(0).raftAddress() + "," + plans.get(1).raftAddress();
        assertThatThrownBy(() -> cluster.start(plans.get(0), "-bootstrap-expect", "2", "-join", join,
                "-bootstrap-expect-timeout", "3s"))
                .hasMessageContaining("bootstrap timeout");
    }
}
