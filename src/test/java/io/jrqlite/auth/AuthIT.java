package io.jrqlite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node with {@code -auth}: every endpoint answers the user with its permission, and 401 (with rqlite's
 * {@code WWW-Authenticate} header and an empty body) to a user without it, to a wrong password and to a request
 * without credentials. The {@code *} user lends {@code ready} to everyone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthIT {

    private static final String PW = "s3cret";

    @TempDir
    static Path dir;
    private TestNode node;

    /** One user per permission, named after it; "qe" has query and execute; "admin" has all. */
    @BeforeAll
    void start() throws Exception {
        StringBuilder users = new StringBuilder("[{\"username\":\"*\",\"perms\":[\"ready\"]}");
        for (Perm p : Perm.values()) {
            users.append(",{\"username\":\"").append(p.text()).append("\",\"password\":\"").append(PW)
                    .append("\",\"perms\":[\"").append(p.text()).append("\"]}");
        }
        users.append(",{\"username\":\"qe\",\"password\":\"").append(PW).append("\",\"perms\":[\"query\",\"execute\"]}");
        users.append(",{\"username\":\"admin\",\"password\":\"").append(PW).append("\",\"perms\":[\"all\"]}]");
        Path file = dir.resolve("users.json");
        Files.writeString(file, users);
        node = TestNode.start(dir.resolve("data"), "-auth", file.toString());
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private record Call(String perm, String what, Function<Api, Reply> send) {
    }

    private static final byte[] NOT_SQLITE = "definitely not a database file".getBytes(StandardCharsets.UTF_8);

    private static List<Call> calls() {
        return List.of(
                new Call("execute", "POST /db/execute",
                        a -> a.execute("[\"CREATE TABLE IF NOT EXISTS t (x INTEGER)\"]")),
                new Call("query", "GET /db/query", a -> a.query("SELECT 1", "")),
                new Call("query", "GET /db/sql", a -> a.get("/db/sql?q=SELECT%201")),
                new Call("backup", "GET /db/backup", a -> a.get("/db/backup")),
                new Call("load", "POST /db/load", a -> a.post("/db/load", "text/plain",
                        "CREATE TABLE IF NOT EXISTS l (x INTEGER);".getBytes(StandardCharsets.UTF_8))),
                new Call("load", "POST /boot", a -> a.post("/boot", "application/octet-stream", NOT_SQLITE)),
                new Call("snapshot", "POST /snapshot", a -> a.post("/snapshot", "")),
                new Call("snapshot", "POST /reap", a -> a.post("/reap", "")),
                new Call("remove", "DELETE /remove", a -> a.method("DELETE", "/remove", "{\"id\":\"nobody\"}")),
                new Call("status", "GET /status", a -> a.get("/status")),
                new Call("status", "GET /nodes", a -> a.get("/nodes")),
                new Call("status", "GET /debug/vars", a -> a.get("/debug/vars")),
                new Call("status", "GET /debug/pprof/cmdline", a -> a.get("/debug/pprof/cmdline")),
                new Call("status", "GET /licenses", a -> a.get("/licenses")),
                new Call("leader-ops", "GET /leader", a -> a.get("/leader")),
                new Call("ui", "GET /console/", a -> a.get("/console/")));
    }

    @Test
    void everyEndpointNeedsItsPermission() {
        Api anonymous = node.api();
        for (Call c : calls()) {
            Reply allowed = c.send().apply(anonymous.as(c.perm(), PW));
            assertThat(allowed.status()).as(c.what() + " as " + c.perm() + ": " + allowed.body()).isNotEqualTo(401);
            assertThat(c.send().apply(anonymous.as("admin", PW)).status()).as(c.what() + " as admin")
                    .isNotEqualTo(401);
            String other = c.perm().equals("query") ? "execute" : "query";
            assertRefused(c.send().apply(anonymous.as(other, PW)), c.what() + " as " + other);
            assertRefused(c.send().apply(anonymous.as(c.perm(), PW + "x")), c.what() + " with a wrong password");
            assertRefused(c.send().apply(anonymous.as("stranger", PW)), c.what() + " as an unknown user");
            assertRefused(c.send().apply(anonymous), c.what() + " without credentials");
        }
    }

    @Test
    void theUnifiedEndpointNeedsQueryAndExecute() {
        Function<Api, Reply> request = a -> a.post("/db/request", "[\"SELECT 1\"]");
        Reply ok = request.apply(node.api().as("qe", PW));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("\"values\":[[1]]");
        assertRefused(request.apply(node.api().as("query", PW)), "request as query");
        assertRefused(request.apply(node.api().as("execute", PW)), "request as execute");
        assertThat(request.apply(node.api().as("admin", PW)).status()).isEqualTo(200);
    }

    @Test
    void theStarUserGrantsItsPermissionsToEveryone() {
        assertThat(node.api().get("/readyz").status()).isEqualTo(200);
        assertThat(node.api().as("query", "wrong").get("/readyz").status()).isEqualTo(200);
        assertThat(node.api().as("stranger", "x").get("/readyz").status()).isEqualTo(200);
    }

    @Test
    void optionsAndTheRootNeedNothing() {
        Reply options = node.api().method("OPTIONS", "/db/execute", null);
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("Access-Control-Allow-Headers")).isEqualTo("Content-Type, Authorization");
        assertThat(options.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(node.api().get("/").status()).isEqualTo(302);
    }

    @Test
    void permissionsAreCheckedBeforeTheMethod() {
        assertRefused(node.api().get("/db/execute"), "GET /db/execute without credentials");
        assertThat(node.api().as("execute", PW).get("/db/execute").status()).isEqualTo(405);
    }

    @Test
    void statusSaysAuthIsOnAndCountersCount() {
        Api admin = node.api().as("admin", PW);
        assertThat(admin.get("/status").body()).contains("\"auth\":\"enabled\"");
        long ok = admin.counter("http", "auth_ok");
        long fail = admin.counter("http", "auth_fail");
        assertRefused(node.api().get("/status"), "status without credentials");
        assertThat(admin.counter("http", "auth_fail")).isGreaterThan(fail);
        assertThat(admin.counter("http", "auth_ok")).isGreaterThan(ok);
    }

    private static void assertRefused(Reply r, String what) {
        assertThat(r.status()).as(what).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).as(what).isEqualTo("Basic realm=\"rqlite\"");
        assertThat(r.body()).as(what).isEmpty();
        // rqlite sets the JSON endpoints' Content-Type before it checks permissions
        boolean json = java.util.List.of("/db/execute", "/db/query", "/db/request", "/db/sql", "/status", "/nodes",
                "/leader").stream().anyMatch(what::contains);
        if (json) {
            assertThat(r.header("Content-Type")).as(what).isEqualTo("application/json; charset=utf-8");
        }
    }
}
