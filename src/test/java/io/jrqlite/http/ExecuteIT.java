package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.SharedNode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /db/execute} on one node: result shapes, parameters, value encoding, options and SQLite's errors. */
class ExecuteIT {

    @RegisterExtension
    static final SharedNode node = new SharedNode();
    static final Api api = node.api();

    @BeforeAll
    static void start() {
        // On a fresh connection; later DDL reports the previous write's sticky values instead.
        assertThat(exec("[\"CREATE TABLE e0 (id INTEGER PRIMARY KEY)\"]")).isEqualTo("{\"results\":[{}]}");
    }

    private static String ok(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String exec(String json) {
        return ok(api.execute(json));
    }

    private static String exec(String params, String json) {
        return ok(api.post("/db/execute?" + params, json));
    }

    private static String query(String sql) {
        return ok(api.query(sql, ""));
    }

    @Test
    void createInsertUpdateDeleteAndStickyValuesAfterDrop() {
        exec("[\"CREATE TABLE e1 (id INTEGER PRIMARY KEY, name TEXT)\"]");
        assertThat(exec("[\"INSERT INTO e1(name) VALUES('fiona')\"]"))
                .isEqualTo("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}]}");
        assertThat(exec("[\"INSERT INTO e1(name) VALUES('declan')\"]"))
                .isEqualTo("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":1}]}");
        assertThat(exec("[\"UPDATE e1 SET name = 'x'\"]"))
                .isEqualTo("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":2}]}");
        assertThat(exec("[\"DELETE FROM e1 WHERE id = 1\"]"))
                .isEqualTo("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":1}]}");
        assertThat(exec("[\"DROP TABLE e1\"]"))
                .isEqualTo("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":1}]}");
    }

    @Test
    void positionalAndNamedParameters() {
        exec("[\"CREATE TABLE e2 (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)\"]");
        assertThat(exec("[[\"INSERT INTO e2(id, name, age) VALUES(?, ?, ?)\", 1, \"fiona\", 20],"
                + "[\"INSERT INTO e2(id, name, age) VALUES(:id, :name, :age)\", {\"id\": 2, \"name\": \"colon\", \"age\": 21}],"
                + "[\"INSERT INTO e2(id, name, age) VALUES(@id, @name, @age)\", {\"id\": 3, \"name\": \"at\", \"age\": 22}],"
                + "[\"INSERT INTO e2(id, name, age) VALUES($id, $name, $age)\", {\"id\": 4, \"name\": \"dollar\", \"age\": 23}]]"))
                .isEqualTo("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},"
                        + "{\"last_insert_id\":2,\"rows_affected\":1},{\"last_insert_id\":3,\"rows_affected\":1},"
                        + "{\"last_insert_id\":4,\"rows_affected\":1}]}");
        assertThat(query("SELECT * FROM e2 ORDER BY id")).isEqualTo(
                "{\"results\":[{\"columns\":[\"id\",\"name\",\"age\"],\"types\":[\"integer\",\"text\",\"integer\"],"
                        + "\"values\":[[1,\"fiona\",20],[2,\"colon\",21],[3,\"at\",22],[4,\"dollar\",23]]}]}");
    }

    @Test
    void blobsFromHexStringsByteArraysAndLiterals() {
        exec("[\"CREATE TABLE e3 (id INTEGER PRIMARY KEY, b BLOB)\"]");
        exec("[[\"INSERT INTO e3(id, b) VALUES(1, ?)\", \"x'DEADBEEF'\"],"
                + "[\"INSERT INTO e3(id, b) VALUES(2, ?)\", [222, 173, 190, 239]],"
                + "\"INSERT INTO e3(id, b) VALUES(3, x'DEADBEEF')\","
                + "[\"INSERT INTO e3(id, b) VALUES(4, ?)\", \"  X'deadbeef' \"]]");
        String expectValues = "[[1,%1$s],[2,%1$s],[3,%1$s],[4,%1$s]]";
        assertThat(query("SELECT * FROM e3 ORDER BY id")).isEqualTo(
                "{\"results\":[{\"columns\":[\"id\",\"b\"],\"types\":[\"integer\",\"blob\"],\"values\":"
                        + expectValues.formatted("\"3q2+7w==\"") + "}]}");
        assertThat(ok(api.query("SELECT * FROM e3 ORDER BY id", "blob_array"))).isEqualTo(
                "{\"results\":[{\"columns\":[\"id\",\"b\"],\"types\":[\"integer\",\"blob\"],\"values\":"
                        + expectValues.formatted("[222,173,190,239]") + "}]}");
    }

    @Test
    void booleansNullsAndBigIntegers() {
        exec("[\"CREATE TABLE e4 (id INTEGER PRIMARY KEY, i INTEGER, r REAL)\"]");
        exec("[[\"INSERT INTO e4(id, i) VALUES(1, ?)\", true],"
                + "[\"INSERT INTO e4(id, i) VALUES(2, ?)\", false],"
                + "[\"INSERT INTO e4(id, i) VALUES(3, ?)\", null],"
                + "[\"INSERT INTO e4(id, i) VALUES(4, ?)\", 9223372036854775807],"
                + "[\"INSERT INTO e4(id, i) VALUES(5, ?)\", -9223372036854775808],"
                + "[\"INSERT INTO e4(id, r) VALUES(6, ?)\", 9223372036854775808]]");
        assertThat(query("SELECT id, i, r FROM e4 ORDER BY id")).isEqualTo(
                "{\"results\":[{\"columns\":[\"id\",\"i\",\"r\"],\"types\":[\"integer\",\"integer\",\"real\"],"
                        + "\"values\":[[1,1,null],[2,0,null],[3,null,null],[4,9223372036854775807,null],"
                        + "[5,-9223372036854775808,null],[6,null,9223372036854776000]]}]}");
    }

    @Test
    void realsAreFormattedLikeGo() {
        exec("[\"CREATE TABLE e5 (id INTEGER PRIMARY KEY, r REAL)\"]");
        exec("[[\"INSERT INTO e5(id, r) VALUES(1, ?)\", 20.0], \"INSERT INTO e5(id, r) VALUES(2, 1e-7)\","
                + "\"INSERT INTO e5(id, r) VALUES(3, 1e21)\", [\"INSERT INTO e5(id, r) VALUES(4, ?)\", 1.5],"
                + "\"INSERT INTO e5(id, r) VALUES(5, 0.000001)\", \"INSERT INTO e5(id, r) VALUES(6, 1e20)\"]");
        assertThat(query("SELECT r FROM e5 ORDER BY id")).isEqualTo(
                "{\"results\":[{\"columns\":[\"r\"],\"types\":[\"real\"],"
                        + "\"values\":[[20],[1e-7],[1e+21],[1.5],[0.000001],[100000000000000000000]]}]}");
    }

    @Test
    void textPlainBodyWithSeveralStatements() {
        Reply r = api.post("/db/execute", "text/plain", ("CREATE TABLE e6 (id INTEGER PRIMARY KEY, v TEXT);"
                + " INSERT INTO e6(v) VALUES('a'); INSERT INTO e6(v) VALUES('b')").getBytes(StandardCharsets.UTF_8));
        assertThat(ok(r)).isEqualTo("{\"results\":[{\"last_insert_id\":2,\"rows_affected\":1}]}");
        assertThat(query("SELECT COUNT(*) FROM e6")).contains("\"values\":[[2]]");
    }

    @Test
    void transactionStopsAndRollsBackWhileAutocommitContinues() {
        exec("[\"CREATE TABLE e7 (id INTEGER PRIMARY KEY, v TEXT)\"]");
        String body = "[\"INSERT INTO e7(id, v) VALUES(1, 'a')\", \"INSERT INTO nope(v) VALUES(1)\","
                + " \"INSERT INTO e7(id, v) VALUES(2, 'b')\"]";
        assertThat(exec("transaction", body)).isEqualTo(
                "{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},{\"error\":\"no such table: nope\"}]}");
        assertThat(query("SELECT COUNT(*) FROM e7")).contains("\"values\":[[0]]");
        assertThat(exec(body)).isEqualTo("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},"
                + "{\"error\":\"no such table: nope\"},{\"last_insert_id\":2,\"rows_affected\":1}]}");
        assertThat(query("SELECT COUNT(*) FROM e7")).contains("\"values\":[[2]]");
    }

    @Test
    void returningGivesRows() {
        exec("[\"CREATE TABLE e8 (id INTEGER PRIMARY KEY, name TEXT)\"]");
        assertThat(exec("[\"INSERT INTO e8(name) VALUES('fiona') RETURNING id, name\"]")).isEqualTo(
                "{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],"
                        + "\"values\":[[1,\"fiona\"]]}]}");
        assertThat(query("SELECT name FROM e8")).contains("\"values\":[[\"fiona\"]]");
    }

    @Test
    void timingsAddTimeKeys() {
        exec("[\"CREATE TABLE e9 (id INTEGER PRIMARY KEY)\"]");
        assertThat(exec("timings", "[\"INSERT INTO e9(id) VALUES(1)\"]")).matches(
                "\\{\"results\":\\[\\{\"last_insert_id\":1,\"rows_affected\":1,\"time\":[0-9.e-]+}],"
                        + "\"time\":[0-9.e-]+}");
    }

    @Test
    void raftIndexOnlyWhenAskedAndIncreasing() {
        exec("[\"CREATE TABLE e10 (id INTEGER PRIMARY KEY)\"]");
        assertThat(exec("[\"INSERT INTO e10(id) VALUES(1)\"]")).doesNotContain("raft_index");
        Pattern p = Pattern.compile("\\{\"results\":\\[\\{\"last_insert_id\":\\d+,\"rows_affected\":1}],"
                + "\"raft_index\":(\\d+)}");
        Matcher first = p.matcher(exec("raft_index", "[\"INSERT INTO e10(id) VALUES(2)\"]"));
        assertThat(first.matches()).isTrue();
        Matcher second = p.matcher(exec("raft_index", "[\"INSERT INTO e10(id) VALUES(3)\"]"));
        assertThat(second.matches()).isTrue();
        assertThat(Long.parseLong(second.group(1))).isGreaterThan(Long.parseLong(first.group(1)));
    }

    @Test
    void prettyUsesGoIndentation() {
        exec("[\"CREATE TABLE e11 (id INTEGER PRIMARY KEY, name TEXT)\"]");
        assertThat(exec("pretty", "[\"INSERT INTO e11(name) VALUES('fiona')\"]")).isEqualTo("""
                {
                    "results": [
                        {
                            "last_insert_id": 1,
                            "rows_affected": 1
                        }
                    ]
                }""");
        assertThat(ok(api.query("SELECT * FROM e11", "pretty"))).isEqualTo("""
                {
                    "results": [
                        {
                            "columns": [
                                "id",
                                "name"
                            ],
                            "types": [
                                "integer",
                                "text"
                            ],
                            "values": [
                                [
                                    1,
                                    "fiona"
                                ]
                            ]
                        }
                    ]
                }""");
        assertThat(ok(api.query("SELECT * FROM e11 WHERE id > 100", "pretty&associative"))).isEqualTo("""
                {
                    "results": [
                        {
                            "types": {
                                "id": "integer",
                                "name": "text"
                            },
                            "rows": []
                        }
                    ]
                }""");
    }

    @Test
    void associativeExecuteHasNullRows() {
        exec("[\"CREATE TABLE e12 (id INTEGER PRIMARY KEY)\"]");
        assertThat(exec("associative", "[\"INSERT INTO e12(id) VALUES(7)\"]"))
                .isEqualTo("{\"results\":[{\"last_insert_id\":7,\"rows_affected\":1,\"rows\":null}]}");
    }

    @Test
    void dbTimeoutStopsASlowStatement() {
        exec("[\"CREATE TABLE e13 (v INTEGER)\"]");
        String slow = "[\"INSERT INTO e13(v) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
                + " WHERE x < 1000000000) SELECT MAX(x) FROM c\"]";
        assertThat(exec("db_timeout=50ms", slow)).isEqualTo("{\"results\":[{\"error\":\"execute timeout\"}]}");
        assertThat(query("SELECT COUNT(*) FROM e13")).contains("\"values\":[[0]]");
    }

    @Test
    void sqliteErrorsAreVerbatim() {
        exec("[\"CREATE TABLE e14 (id INTEGER PRIMARY KEY)\"]");
        assertThat(exec("[\"INSERT INTO bar(id) VALUES(1)\"]"))
                .isEqualTo("{\"results\":[{\"error\":\"no such table: bar\"}]}");
        assertThat(exec("[\"blah\"]")).isEqualTo("{\"results\":[{\"error\":\"near \\\"blah\\\": syntax error\"}]}");
        exec("[\"INSERT INTO e14(id) VALUES(1)\"]");
        assertThat(exec("[\"INSERT INTO e14(id) VALUES(1)\"]"))
                .isEqualTo("{\"results\":[{\"error\":\"UNIQUE constraint failed: e14.id\"}]}");
        assertThat(exec("[\"SELECT rot13('x')\"]"))
                .isEqualTo("{\"results\":[{\"error\":\"no such function: rot13\"}]}");
    }

    @Test
    void disallowedPragmasFailTheWholeRequest() {
        for (String pragma : new String[] {"PRAGMA journal_mode=DELETE", "  pragma main.synchronous = 2",
                "PRAGMA wal_autocheckpoint=10", "PRAGMA wal_checkpoint", "PRAGMA wal_checkpoint(TRUNCATE)",
                "PRAGMA query_only = 1"}) {
            assertThat(exec("[\"SELECT 1\", \"" + pragma + "\"]")).as(pragma)
                    .isEqualTo("{\"results\":[],\"error\":\"disallowed pragma\"}");
        }
        assertThat(query("PRAGMA synchronous")).isEqualTo(
                "{\"results\":[{\"columns\":[\"synchronous\"],\"types\":[\"integer\"],\"values\":[[0]]}]}");
        // Reading journal_mode is allowed, but SQLite does not count it as read-only, so a query refuses it.
        assertThat(query("PRAGMA journal_mode")).isEqualTo(
                "{\"results\":[{\"error\":\"attempt to change database via query operation\"}]}");
    }

    @Test
    void randomIsRewrittenToANonNegativeLiteralUnlessNorwrandom() {
        exec("[\"CREATE TABLE e15 (id INTEGER PRIMARY KEY, v INTEGER)\"]");
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            body.append(i == 0 ? "" : ",").append("\"INSERT INTO e15(v) VALUES(RANDOM())\"");
        }
        body.append(']');
        exec(body.toString());
        // RANDOM() itself is negative half of the time; the rewritten literal never is.
        assertThat(query("SELECT COUNT(*) FROM e15 WHERE v < 0")).contains("\"values\":[[0]]");
        String first = query("SELECT v FROM e15 WHERE id = 1");
        assertThat(query("SELECT v FROM e15 WHERE id = 1")).isEqualTo(first);
        exec("norwrandom", body.toString());
        assertThat(query("SELECT COUNT(*) FROM e15 WHERE v < 0")).doesNotContain("\"values\":[[0]]");
    }

    @Test
    void datetimeNowIsRewrittenIntoTheStoredSchema() {
        exec("[\"CREATE VIEW e16 AS SELECT datetime('now') AS t\"]");
        String sql = query("SELECT sql FROM sqlite_master WHERE name = 'e16'");
        assertThat(sql).matches(".*datetime\\(\\d{7}\\.\\d{6}\\).*").doesNotContain("now");
        exec("norwtime", "[\"CREATE VIEW e16b AS SELECT datetime('now') AS t\"]");
        assertThat(query("SELECT sql FROM sqlite_master WHERE name = 'e16b'")).contains("datetime('now')");
    }

    @Test
    void doubleQuotedStringLiteralsAreAccepted() {
        exec("[\"CREATE TABLE e17 (id INTEGER PRIMARY KEY, v TEXT)\"]");
        assertThat(exec("[\"INSERT INTO e17(v) VALUES(\\\"hello\\\")\"]"))
                .isEqualTo("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}]}");
        assertThat(query("SELECT v FROM e17")).contains("\"values\":[[\"hello\"]]");
    }

    @Test
    void servedByHeaderAndJsonContentType() {
        Reply r = api.execute("[\"SELECT 1\"]");
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.header("X-RQLITE-SERVED-BY")).isEqualTo(node.httpAddress());
    }
}
