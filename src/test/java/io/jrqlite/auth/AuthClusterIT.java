package io.jrqlite.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.TestCluster;
import io.jrqlite.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes with {@code -auth}: a follower checks the client, then passes the credentials on and the leader checks
 * them again with its own file; joins carry the {@code -join-as} user's credentials and the leader checks them.
 */
class AuthClusterIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster(() -> dir);

    private Path usersFile(String name, String json) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f;
    }

    private static final String JOINER = "{\"username\":\"joiner\",\"password\":\"jpw\",\"perms\":[\"join\"]}";
    private static final String ANYONE_READY = "{\"username\":\"*\",\"perms\":[\"ready\"]}";

    @Test
    void followersForwardTheClientsCredentials() throws Exception {
        Path users = usersFile("users.json", "[" + ANYONE_READY + "," + JOINER
                + ",{\"username\":\"writer\",\"password\":\"wpw\",\"perms\":[\"execute\",\"query\"]}]");
        List<TestNode> nodes = cluster.startThree("-auth", users.toString(), "-join-as", "joiner");
        Api follower = nodes.get(1).api();
        Reply write = follower.as("writer", "wpw").execute("[\"CREATE TABLE t (x INTEGER)\", \"INSERT INTO t VALUES (7)\"]");
        assertThat(write.status()).isEqualTo(200);
        assertThat(write.body()).doesNotContain("error");
        assertThat(write.header("X-RQLITE-SERVED-BY")).isEqualTo(nodes.get(0).raftAddress());
        Reply read = nodes.get(2).api().as("writer", "wpw").query("SELECT x FROM t", "level=strong");
        assertThat(read.body()).contains("[[7]]");
        // The follower's own check comes first: nothing reaches the leader.
        assertThat(follower.execute("[\"INSERT INTO t VALUES (8)\"]").status()).isEqualTo(401);
        assertThat(follower.as("writer", "nope").execute("[\"INSERT INTO t VALUES (8)\"]").status()).isEqualTo(401);
    }

    @Test
    void theLeaderChecksAgainWithItsOwnFile() throws Exception {
        String admin = "{\"username\":\"admin\",\"password\":\"apw\",\"perms\":[\"all\"]}";
        Path leaderUsers = usersFile("leader.json", "[" + ANYONE_READY + "," + JOINER + "," + admin
                + ",{\"username\":\"writer\",\"password\":\"wpw\",\"perms\":[\"status\"]}]");
        Path followerUsers = usersFile("follower.json", "[" + ANYONE_READY + "," + JOINER + "," + admin
                + ",{\"username\":\"writer\",\"password\":\"wpw\",\"perms\":[\"all\"]}]");
        TestNode leader = cluster.start("n1", "-auth", leaderUsers.toString());
        TestNode n2 = cluster.start("n2", "-auth", followerUsers.toString(), "-join-as", "joiner",
                "-join", leader.raftAddress());
        cluster.start("n3", "-auth", followerUsers.toString(), "-join-as", "joiner", "-join", leader.raftAddress());
        Api writer = n2.api().as("writer", "wpw");

        assertRemoteRefusal(writer.execute("[\"CREATE TABLE t (x INTEGER)\"]"), "remote Execute not authorized");
        assertRemoteRefusal(writer.query("SELECT 1", "level=strong"), "remote query not authorized");
        assertRemoteRefusal(writer.post("/db/request", "[\"CREATE TABLE r (x INTEGER)\"]"),
                "remote Request not authorized");
        assertRemoteRefusal(writer.get("/db/backup"), "remote backup not authorized");
        assertRemoteRefusal(writer.post("/db/load", "text/plain",
                "CREATE TABLE l (x INTEGER);".getBytes(StandardCharsets.UTF_8)), "remote load not authorized");
        assertRemoteRefusal(writer.method("DELETE", "/remove", "{\"id\":\"n3\"}"), "remote remove node not authorized");
        assertRemoteRefusal(writer.post("/leader?wait", ""), "remote stepdown not authorized");

        // A user both files allow goes through, and nothing the refused requests asked for happened.
        Api both = n2.api().as("admin", "apw");
        Reply ok = both.execute("[\"CREATE TABLE t (x INTEGER)\"]");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).doesNotContain("error");
        assertThat(both.query("SELECT name FROM sqlite_master ORDER BY name", "level=strong").body())
                .contains("[[\"t\"]]");
        assertThat(leader.api().as("admin", "apw").get("/nodes").body()).contains("\"n3\"");
        assertThat(leader.api().as("admin", "apw").get("/status").body())
                .contains("\"node_id\":\"n1\"", "\"auth\":\"enabled\"");
    }

    @Test
    void joinsNeedTheRightPermission() throws Exception {
        Path users = usersFile("users.json", "[" + ANYONE_READY + "," + JOINER
                + ",{\"username\":\"replica\",\"password\":\"rpw\",\"perms\":[\"join-read-only\"]}"
                + ",{\"username\":\"nobody\",\"password\":\"npw\",\"perms\":[\"query\"]}"
                + ",{\"username\":\"admin\",\"password\":\"apw\",\"perms\":[\"all\"]}]");
        String auth = users.toString();
        TestNode leader = cluster.start("n1", "-auth", auth);
        String join = leader.raftAddress();

        assertThatThrownBy(() -> cluster.start("voter-nobody", "-auth", auth, "-join-as", "nobody", "-join", join,
                "-join-attempts", "1")).hasMessageContaining("unauthorized");
        assertThatThrownBy(() -> cluster.start("voter-anonymous", "-auth", auth, "-join", join,
                "-join-attempts", "1")).hasMessageContaining("unauthorized");
        assertThatThrownBy(() -> cluster.start("voter-replica", "-auth", auth, "-join-as", "replica", "-join", join,
                "-join-attempts", "1")).hasMessageContaining("unauthorized");
        // Plain join does not let a read replica in.
        assertThatThrownBy(() -> cluster.start("replica-joiner", "-auth", auth, "-join-as", "joiner",
                "-raft-non-voter", "-join", join, "-join-attempts", "1")).hasMessageContaining("unauthorized");

        cluster.start("replica", "-auth", auth, "-join-as", "replica", "-raft-non-voter", "-join", join);
        cluster.start("voter", "-auth", auth, "-join-as", "joiner", "-join", join);
        Api admin = leader.api().as("admin", "apw");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.get("/nodes?nonvoters&ver=2").body())
                .contains("\"id\":\"replica\"", "\"id\":\"voter\"")
                .doesNotContain("nobody", "anonymous", "replica-joiner", "voter-replica"));
    }

    @Test
    void bootstrapNotifiesCarryTheJoinAsUser() throws Exception {
        Path users = usersFile("users.json", "[" + ANYONE_READY + "," + JOINER
                + ",{\"username\":\"nobody\",\"password\":\"npw\",\"perms\":[\"query\"]}"
                + ",{\"username\":\"admin\",\"password\":\"apw\",\"perms\":[\"all\"]}]");
        List<TestCluster.Member> refused = TestCluster.plan("x1", "x2");
        String refusedJoin = refused.get(0).raftAddress() + "," + refused.get(1).raftAddress();
        assertThatThrownBy(() -> cluster.startTogether(refused, "-auth", users.toString(), "-join-as", "nobody",
                "-bootstrap-expect", "2", "-join", refusedJoin, "-bootstrap-expect-timeout", "4s"))
                .hasMessageContaining("2 did not");

        List<TestCluster.Member> plans = TestCluster.plan("n1", "n2");
        String join = plans.get(0).raftAddress() + "," + plans.get(1).raftAddress();
        List<TestNode> nodes = cluster.startTogether(plans, "-auth", users.toString(), "-join-as", "joiner",
                "-bootstrap-expect", "2", "-join", join, "-bootstrap-expect-timeout", "60s");
        Api admin = nodes.get(0).api().as("admin", "apw");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.get("/nodes?ver=2").body())
                .contains("\"id\":\"n1\"", "\"id\":\"n2\""));
    }

    @Test
    void aCleanStopLeavesTheClusterAsTheJoinAsUser() throws Exception {
        Path users = usersFile("users.json", "[" + ANYONE_READY
                + ",{\"username\":\"joiner\",\"password\":\"jpw\",\"perms\":[\"join\",\"remove\"]}"
                + ",{\"username\":\"admin\",\"password\":\"apw\",\"perms\":[\"all\"]}]");
        List<TestNode> nodes = cluster.startThree("-auth", users.toString(), "-join-as", "joiner");
        TestNode leaving = cluster.start("n4", "-auth", users.toString(), "-join-as", "joiner",
                "-join", nodes.get(0).raftAddress(), "-raft-cluster-remove-shutdown=true");
        Api admin = nodes.get(0).api().as("admin", "apw");
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/nodes").body().contains("\"n4\""));
        leaving.close();
        assertThat(admin.get("/nodes").body()).as("left on its clean stop").doesNotContain("\"n4\"");
    }

    private static void assertRemoteRefusal(Reply r, String message) {
        assertThat(r.status()).as(message).isEqualTo(401);
        assertThat(r.body()).isEqualTo(message + "\n");
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"rqlite\"");
    }
}
