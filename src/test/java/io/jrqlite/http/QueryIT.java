package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.SharedNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /db/query} on one node (the leader): body forms, levels, value and type encoding. */
class QueryIT {

    private static final String Q1_ROWS = "{\"results\":[{\"columns\":[\"id\",\"name\"],"
            + "\"types\":[\"integer\",\"text\"],\"values\":[[1,\"fiona\"],[2,\"declan\"]]}]}";

    @RegisterExtension
    static final SharedNode node = new SharedNode();
    static final Api api = node.api();

    @BeforeAll
    static void start() {
        ok(api.execute("[\"CREATE TABLE q1 (id INTEGER PRIMARY KEY, name TEXT)\","
                + "\"INSERT INTO q1(name) VALUES('fiona')\", \"INSERT INTO q1(name) VALUES('declan')\"]"));
    }

    private static String ok(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String query(String sql, String params) {
        return ok(api.query(sql, params));
    }

    @Test
    void getPostJsonAndPostText() {
        assertThat(query("SELECT * FROM q1 ORDER BY id", "")).isEqualTo(Q1_ROWS);
        assertThat(ok(api.post("/db/query", "[\"SELECT * FROM q1 ORDER BY id\"]"))).isEqualTo(Q1_ROWS);
        assertThat(ok(api.post("/db/query", "[[\"SELECT * FROM q1 WHERE id >= ? ORDER BY id\", 1]]")))
                .isEqualTo(Q1_ROWS);
        assertThat(ok(api.post("/db/query", "text/plain; charset=utf-8",
                "SELECT * FROM q1 ORDER BY id".getBytes(StandardCharsets.UTF_8)))).isEqualTo(Q1_ROWS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"level=none", "level=weak", "level=linearizable", "level=strong", "level=auto",
            "level=bogus", "level=STRONG", "level=none&freshness=1ns", "level=none&freshness=1s&freshness_strict",
            "level=linearizable&linearizable_timeout=2s"})
    void everyLevelReadsOnTheLeader(String params) {
        assertThat(query("SELECT * FROM q1 ORDER BY id", params)).isEqualTo(Q1_ROWS);
    }

    @Test
    void writesAreRefused() {
        assertThat(query("INSERT INTO q1(name) VALUES('x')", "")).isEqualTo(
                "{\"results\":[{\"error\":\"attempt to change database via query operation\"}]}");
        assertThat(query("SELECT COUNT(*) FROM q1", "")).contains("\"values\":[[2]]");
    }

    @Test
    void errorsDoNotStopLaterStatements() {
        assertThat(ok(api.post("/db/query", "[\"SELECT * FROM nope\", \"SELECT COUNT(*) FROM q1\"]"))).isEqualTo(
                "{\"results\":[{\"error\":\"no such table: nope\"},"
                        + "{\"columns\":[\"COUNT(*)\"],\"types\":[\"integer\"],\"values\":[[2]]}]}");
    }

    @Test
    void associative() {
        ok(api.execute("[\"CREATE TABLE q2 (zeta TEXT, alpha INTEGER)\", \"INSERT INTO q2 VALUES('z', 1)\"]"));
        assertThat(query("SELECT zeta, alpha FROM q2", "associative")).isEqualTo(
                "{\"results\":[{\"types\":{\"alpha\":\"integer\",\"zeta\":\"text\"},"
                        + "\"rows\":[{\"alpha\":1,\"zeta\":\"z\"}]}]}");
        assertThat(query("SELECT zeta, alpha FROM q2 WHERE alpha > 5", "associative")).isEqualTo(
                "{\"results\":[{\"types\":{\"alpha\":\"integer\",\"zeta\":\"text\"},\"rows\":[]}]}");
        assertThat(query("SELECT * FROM nope", "associative"))
                .isEqualTo("{\"results\":[{\"rows\":[],\"error\":\"no such table: nope\"}]}");
    }

    @Test
    void typesOfExpressionsAndDeclaredTypes() {
        assertThat(query("SELECT 1, 1.5, 'a', NULL", "")).isEqualTo(
                "{\"results\":[{\"columns\":[\"1\",\"1.5\",\"'a'\",\"NULL\"],\"types\":[\"integer\",\"real\","
                        + "\"text\",\"\"],\"values\":[[1,1.5,\"a\",null]]}]}");
        ok(api.execute("[\"CREATE TABLE q3 (a INT, b VARCHAR(500), c Text, d DOUBLE)\"]"));
        assertThat(query("SELECT * FROM q3", "")).isEqualTo(
                "{\"results\":[{\"columns\":[\"a\",\"b\",\"c\",\"d\"],"
                        + "\"types\":[\"int\",\"varchar(500)\",\"text\",\"double\"]}]}");
        assertThat(query("SELECT COUNT(*) FROM q3", "")).isEqualTo(
                "{\"results\":[{\"columns\":[\"COUNT(*)\"],\"types\":[\"integer\"],\"values\":[[0]]}]}");
    }

    @Test
    void qualifyColumns() {
        assertThat(query("SELECT * FROM q1 ORDER BY id", "qualify_columns")).isEqualTo(
                "{\"results\":[{\"columns\":[\"q1.id\",\"q1.name\"],\"types\":[\"integer\",\"text\"],"
                        + "\"values\":[[1,\"fiona\"],[2,\"declan\"]]}]}");
    }

    @Test
    void booleanAndDatetimeDeclaredTypes() {
        ok(api.execute("[\"CREATE TABLE q4 (id INTEGER PRIMARY KEY, b BOOLEAN, d DATETIME)\","
                + "\"INSERT INTO q4 VALUES(1, 1, 1700000000)\","
                + "\"INSERT INTO q4 VALUES(2, 0, '2024-01-02 03:04:05')\","
                + "\"INSERT INTO q4 VALUES(3, 5, 'not a date')\","
                + "\"INSERT INTO q4 VALUES(4, NULL, '2024-01-02T03:04:05.5Z')\"]"));
        assertThat(query("SELECT b, d FROM q4 ORDER BY id", "")).isEqualTo(
                "{\"results\":[{\"columns\":[\"b\",\"d\"],\"types\":[\"boolean\",\"datetime\"],\"values\":["
                        + "[true,\"2023-11-14T22:13:20Z\"],[false,\"2024-01-02T03:04:05Z\"],"
                        + "[true,\"0001-01-01T00:00:00Z\"],[null,\"2024-01-02T03:04:05.5Z\"]]}]}");
    }

    @Test
    void invalidUtf8AndHtmlCharactersAreEscapedLikeGo() {
        ok(api.execute("[\"CREATE TABLE q5 (t TEXT)\", \"INSERT INTO q5 VALUES(CAST(x'61ff62' AS TEXT))\"]"));
        assertThat(query("SELECT t FROM q5", "")).isEqualTo(
                "{\"results\":[{\"columns\":[\"t\"],\"types\":[\"text\"],\"values\":[[\"a\\ufffdb\"]]}]}");
        assertThat(query("SELECT '<a>&' AS x", "")).isEqualTo(
                "{\"results\":[{\"columns\":[\"x\"],\"types\":[\"text\"],\"values\":[[\"\\u003ca\\u003e\\u0026\"]]}]}");
        assertThat(query("SELECT 'é' || char(10) AS x", "")).isEqualTo(
                "{\"results\":[{\"columns\":[\"x\"],\"types\":[\"text\"],\"values\":[[\"é\\n\"]]}]}");
    }

    @Test
    void getWithoutQIsEmpty() {
        Reply r = api.get("/db/query");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"results\":[]}");
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void timingsAndRaftIndex() {
        assertThat(query("SELECT COUNT(*) FROM q1", "timings")).matches(
                "\\{\"results\":\\[\\{\"columns\":\\[\"COUNT\\(\\*\\)\"],\"types\":\\[\"integer\"],"
                        + "\"values\":\\[\\[2]],\"time\":[0-9.e-]+}],\"time\":[0-9.e-]+}");
        // A weak read does not go through the Raft log, so it has no index to show.
        assertThat(query("SELECT COUNT(*) FROM q1", "raft_index")).doesNotContain("raft_index");
        // A strong read does.
        assertThat(query("SELECT COUNT(*) FROM q1", "level=strong&raft_index")).matches(
                "\\{\"results\":\\[\\{\"columns\":\\[\"COUNT\\(\\*\\)\"],\"types\":\\[\"integer\"],"
                        + "\"values\":\\[\\[2]]}],\"raft_index\":\\d+}");
    }

    @Test
    void redirectAndNoleaderChangeNothingOnTheLeader() {
        assertThat(query("SELECT * FROM q1 ORDER BY id", "redirect")).isEqualTo(Q1_ROWS);
        assertThat(query("SELECT * FROM q1 ORDER BY id", "noleader&timeout=1s&retries=2")).isEqualTo(Q1_ROWS);
    }

    @Test
    void disallowedPragmaOnQuery() {
        assertThat(query("PRAGMA wal_checkpoint(TRUNCATE)", ""))
                .isEqualTo("{\"results\":[],\"error\":\"disallowed pragma\"}");
    }
}
