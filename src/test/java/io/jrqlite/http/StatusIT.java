package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.SharedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /status}, {@code /nodes}, {@code /leader}, {@code /readyz}, {@code /debug/vars} and common headers. */
class StatusIT {

    private static final String PRAGMAS = "{\"ro\":{\"busy_timeout\":\"5000\",\"foreign_keys\":\"%1$s\","
            + "\"journal_mode\":\"wal\",\"synchronous\":\"0\",\"wal_autocheckpoint\":\"1000\"},"
            + "\"rw\":{\"busy_timeout\":\"5000\",\"foreign_keys\":\"%1$s\",\"journal_mode\":\"wal\","
            + "\"synchronous\":\"0\",\"wal_autocheckpoint\":\"0\"}}";

    @RegisterExtension
    static final SharedNode node = new SharedNode();
    @RegisterExtension
    static final SharedNode fkNode = new SharedNode("-fk", "-http-allow-origin", "https://example.com");
    static final Api api = node.api();

    private static String ok(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void statusHasTheTopLevelSections() {
        Reply r = api.get("/status");
        String body = ok(r);
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        for (String key : new String[] {"build", "http", "node", "os", "runtime", "store"}) {
            assertThat(body).contains("\"" + key + "\":{");
            assertThat(ok(api.get("/status?key=" + key))).as(key).startsWith("{").isNotEqualTo("{}");
        }
        assertThat(ok(api.get("/status?pretty"))).startsWith("{\n    \"");
    }

    @Test
    void storeFields() {
        assertThat(ok(api.get("/status?key=store.raft.state"))).isEqualTo("\"Leader\"");
        assertThat(ok(api.get("/status?key=store.leader"))).isEqualTo(
                "{\"addr\":\"" + node.raftAddress() + "\",\"node_id\":\"node1\"}");
        assertThat(ok(api.get("/status?key=store.leader.node_id"))).isEqualTo("\"node1\"");
        assertThat(ok(api.get("/status?key=store.node_id"))).isEqualTo("\"node1\"");
        assertThat(ok(api.get("/status?key=store.ready"))).isEqualTo("true");
        assertThat(ok(api.get("/status?key=store.raft.voter"))).isEqualTo("true");
        assertThat(ok(api.get("/status?key=store.nodes"))).isEqualTo(
                "[{\"id\":\"node1\",\"addr\":\"" + node.raftAddress() + "\",\"suffrage\":\"voter\"}]");
        assertThat(ok(api.get("/status?key=store.raft"))).startsWith("{\"").contains("\"state\":\"Leader\"")
                .contains("\"commit_index\":").contains("\"applied_index\":").contains("\"last_log_index\":");
        assertThat(ok(api.get("/status?key=store.sqlite3.pragmas"))).isEqualTo(PRAGMAS.formatted("0"));
        assertThat(ok(fkNode.api().get("/status?key=store.sqlite3.pragmas"))).isEqualTo(PRAGMAS.formatted("1"));
        assertThat(ok(api.get("/status?key=store.nope"))).isEqualTo("{}");
        assertThat(ok(api.get("/status?key=nope.at.all"))).isEqualTo("{}");
        assertThat(ok(api.get("/status?key=http.auth"))).isEqualTo("\"disabled\"");
        // pretty does not apply to a sub-tree
        assertThat(ok(api.get("/status?key=store.leader&pretty"))).isEqualTo(ok(api.get("/status?key=store.leader")));
    }

    @Test
    void indexesCatchUpWhenIdle() {
        ok(api.execute("[\"CREATE TABLE st1 (id INTEGER)\"]"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                ok(api.get("/status?key=store.raft.commit_index"))
                        .equals(ok(api.get("/status?key=store.raft.applied_index"))));
    }

    @Test
    void nodesAndLeader() {
        String version = api.get("/status").header("X-RQLITE-VERSION");
        String self = "\\{\"id\":\"node1\",\"api_addr\":\"http://" + node.httpAddress() + "\",\"addr\":\""
                + node.raftAddress() + "\",\"version\":\"" + version + "\",\"voter\":true,\"reachable\":true,"
                + "\"leader\":true,\"time\":[0-9.e-]+,\"time_s\":\"[0-9.]+[µnm]?s\"}";
        assertThat(ok(api.get("/nodes"))).matches("\\{\"node1\":" + self + "}");
        assertThat(ok(api.get("/nodes?nonvoters"))).matches("\\{\"node1\":" + self + "}");
        assertThat(ok(api.get("/nodes?ver=2"))).matches("\\{\"nodes\":\\[" + self + "]}");
        assertThat(ok(api.get("/leader"))).matches(self);
        // Without wait a stepdown request is accepted and answered at once.
        Reply stepdown = api.method("POST", "/leader", null);
        assertThat(stepdown.status()).isEqualTo(200);
        assertThat(stepdown.body()).isEmpty();
        assertThat(ok(api.get("/status?key=store.raft.state"))).isEqualTo("\"Leader\"");
    }

    @Test
    void readyz() {
        Reply r = api.get("/readyz");
        assertThat(ok(r)).isEqualTo("[+]node ok\n[+]leader ok\n[+]store ok\n[+]db ok");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(ok(api.get("/readyz?noleader"))).isEqualTo("[+]node ok");
        assertThat(ok(api.get("/readyz?sync&timeout=5s")))
                .isEqualTo("[+]node ok\n[+]leader ok\n[+]store ok\n[+]sync ok\n[+]db ok");
    }

    @Test
    void debugVars() {
        Reply r = api.get("/debug/vars");
        String body = ok(r);
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(body).startsWith("{\n\"").contains("\"cmdline\": [").contains("\"memstats\": ")
                .contains("\"store\": {").contains("\"http\": {").endsWith("\n}\n");
        String store = ok(api.get("/debug/vars?key=store"));
        assertThat(store).startsWith("{\n\"store\": {").doesNotContain("cmdline");
        assertThat(ok(api.method("POST", "/debug/vars", null))).contains("\"cmdline\"");
    }

    @Test
    void licenses() {
        Reply r = api.get("/licenses");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.body()).isNotEmpty();
    }

    @Test
    void headersOnEveryResponse() {
        for (String path : new String[] {"/status", "/nodes", "/readyz", "/leader", "/debug/vars", "/licenses",
                "/db/query?q=SELECT%201", "/no/such/path", "/db/execute", "/"}) {
            Reply r = api.get(path);
            assertThat(r.header("X-RQLITE-VERSION")).as(path).isNotBlank();
            assertThat(r.header("Access-Control-Allow-Methods")).as(path).isEqualTo("OPTIONS, GET, POST");
            assertThat(r.header("Access-Control-Allow-Headers")).as(path).isEqualTo("Content-Type");
            assertThat(r.header("Access-Control-Allow-Origin")).as(path).isNull();
            if (path.startsWith("/db/")) {
                assertThat(r.header("X-RQLITE-SERVED-BY")).as(path).isEqualTo(node.httpAddress());
            } else {
                assertThat(r.header("X-RQLITE-SERVED-BY")).as(path).isNull();
            }
        }
        for (String path : new String[] {"/status", "/db/query?q=SELECT%201", "/nothing"}) {
            assertThat(fkNode.api().get(path).header("Access-Control-Allow-Origin")).as(path)
                    .isEqualTo("https://example.com");
        }
        assertThat(ok(fkNode.api().get("/status?key=http.allow_origin"))).isEqualTo("\"https://example.com\"");
    }

    @Test
    void removeChecksItsBodyAndMethod() {
        assertThat(api.method("DELETE", "/remove", null).status()).isEqualTo(400);
        assertThat(api.method("DELETE", "/remove", "{\"id\":7}").status()).isEqualTo(400);
        assertThat(api.get("/remove").status()).isEqualTo(405);
        assertThat(api.method("DELETE", "/remove", "{\"id\":\"nobody\"}").status()).as("nobody to remove")
                .isEqualTo(200);
        assertThat(ok(api.get("/nodes"))).contains("\"node1\"");
    }

    @Test
    void rootRedirectsToTheConsole() {
        Reply r = api.get("/");
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).isEqualTo("/console/");
        Reply console = api.get("/console");
        assertThat(console.status()).isEqualTo(301);
        assertThat(console.header("Location")).isEqualTo("/console/");
    }

    @Test
    void stepdownReadsItsTargetAndRefusesWhatCannotBe() {
        Reply bad = api.post("/leader?wait", "{bad");
        assertThat(bad.status()).isEqualTo(400);
        Reply self = api.post("/leader?wait", "{\"id\":\"node1\"}");
        assertThat(self.status()).isEqualTo(500);
        assertThat(self.body()).isEqualTo("stepdown: cannot step down to the current Leader\n");
        Reply unknown = api.post("/leader?wait", "{\"id\":\"nobody\"}");
        assertThat(unknown.status()).isEqualTo(500);
        assertThat(unknown.body()).isEqualTo("stepdown: node not found in cluster\n");
        assertThat(api.post("/leader", "{\"id\":\"nobody\"}").status()).as("without wait").isEqualTo(200);
        assertThat(ok(api.get("/leader"))).contains("\"id\":\"node1\"");
    }

    @Test
    void pprofAnswersItsIndexAndCmdline() {
        assertThat(api.get("/debug/pprof/").status()).isEqualTo(200);
        assertThat(ok(api.get("/debug/pprof/cmdline"))).contains("-http-addr\0");
        assertThat(api.get("/debug/pprof/heap").status()).isEqualTo(404);
    }

    @Test
    void statusCarriesTheFieldsToolingReads() {
        assertThat(ok(api.get("/status?key=store.snapshot_store.snapshots"))).isEqualTo("[]");
        for (String key : new String[] {"store.raft.state", "store.raft.voter", "store.leader.addr",
            "store.leader.node_id", "store.fsm_index", "store.db_applied_index", "store.raft.commit_index",
            "store.raft.applied_index", "store.raft.fsm_pending", "store.raft.last_log_index",
            "store.raft.last_snapshot_index", "store.sqlite3.path", "extensions.names", "mux.addr"}) {
            assertThat(ok(api.get("/status?key=" + key))).as(key).isNotEqualTo("{}");
        }
        assertThat(api.get("/status").header("Date")).isNotBlank();
    }
}
