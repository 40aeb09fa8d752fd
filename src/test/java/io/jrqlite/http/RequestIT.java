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

/** {@code /db/request}, the unified endpoint, on one node. */
class RequestIT {

    @RegisterExtension
    static final SharedNode node = new SharedNode();
    static final Api api = node.api();

    @BeforeAll
    static void start() {
        request("", "[\"CREATE TABLE r0 (id INTEGER PRIMARY KEY, name TEXT)\", \"INSERT INTO r0(name) VALUES('fiona')\"]");
    }

    private static String request(String params, String json) {
        Reply r = api.post("/db/request" + (params.isEmpty() ? "" : "?" + params), json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void readsAndWritesMixed() {
        assertThat(request("", "[\"CREATE TABLE r1 (id INTEGER PRIMARY KEY, name TEXT)\","
                + "[\"INSERT INTO r1(name) VALUES(?)\", \"fiona\"], \"SELECT * FROM r1\","
                + "\"INSERT INTO r1(name) VALUES('declan')\", \"SELECT COUNT(*) FROM r1\"]")).matches(
                // CREATE reports the connection's sticky values from whatever wrote last
                "\\{\"results\":\\[\\{[^}]*},\\Q{\"last_insert_id\":1,\"rows_affected\":1},"
                        + "{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],\"values\":[[1,\"fiona\"]]},"
                        + "{\"last_insert_id\":2,\"rows_affected\":1},"
                        + "{\"columns\":[\"COUNT(*)\"],\"types\":[\"integer\"],\"values\":[[2]]}]}\\E");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "level=none", "level=weak", "level=linearizable", "level=strong", "level=auto",
            "level=bogus"})
    void allReadsAtEachLevel(String params) {
        assertThat(request(params, "[\"SELECT * FROM r0\", \"SELECT 1 AS one\"]")).isEqualTo(
                "{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],"
                        + "\"values\":[[1,\"fiona\"]]},"
                        + "{\"columns\":[\"one\"],\"types\":[\"integer\"],\"values\":[[1]]}]}");
    }

    @Test
    void associativeMixed() {
        request("", "[\"CREATE TABLE r4 (id INTEGER PRIMARY KEY)\"]");
        assertThat(request("associative", "[\"INSERT INTO r4(id) VALUES(3)\", \"SELECT * FROM r4\"]")).isEqualTo(
                "{\"results\":[{\"last_insert_id\":3,\"rows_affected\":1,\"rows\":null},"
                        + "{\"types\":{\"id\":\"integer\"},\"rows\":[{\"id\":3}]}]}");
    }

    @Test
    void transactionStopsAndRollsBack() {
        request("", "[\"CREATE TABLE r2 (id INTEGER PRIMARY KEY)\"]");
        assertThat(request("transaction", "[\"INSERT INTO r2(id) VALUES(1)\", \"INSERT INTO r2(id) VALUES(1)\","
                + "\"INSERT INTO r2(id) VALUES(2)\"]")).isEqualTo(
                "{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1},"
                        + "{\"error\":\"UNIQUE constraint failed: r2.id\"}]}");
        assertThat(request("", "[\"SELECT COUNT(*) FROM r2\"]")).contains("\"values\":[[0]]");
    }

    @Test
    void statementThatFailsToPrepareDoesNotStopTheRest() {
        request("", "[\"CREATE TABLE r3 (id INTEGER PRIMARY KEY)\"]");
        assertThat(request("", "[\"SELECT * FROM nope\", \"INSERT INTO r3(id) VALUES(5)\", \"blah\","
                + " \"SELECT * FROM r3\"]")).isEqualTo(
                "{\"results\":[{\"error\":\"no such table: nope\"},{\"last_insert_id\":5,\"rows_affected\":1},"
                        + "{\"error\":\"near \\\"blah\\\": syntax error\"},"
                        + "{\"columns\":[\"id\"],\"types\":[\"integer\"],\"values\":[[5]]}]}");
    }

    @Test
    void queueIsIgnored() {
        request("", "[\"CREATE TABLE r6 (id INTEGER PRIMARY KEY)\"]");
        assertThat(request("queue", "[\"INSERT INTO r6(id) VALUES(9)\"]"))
                .isEqualTo("{\"results\":[{\"last_insert_id\":9,\"rows_affected\":1}]}");
    }

    @Test
    void textPlainIsParsedAsJson() {
        Reply r = api.post("/db/request", "text/plain", "SELECT 1".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("invalid JSON body\n");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void disallowedPragma() {
        assertThat(request("", "[\"SELECT 1\", \"PRAGMA synchronous=FULL\"]"))
                .isEqualTo("{\"results\":[],\"error\":\"disallowed pragma\"}");
    }

    @Test
    void raftIndexOnWrites() {
        assertThat(request("raft_index", "[\"CREATE TABLE r5 (id INTEGER)\", \"SELECT * FROM r5\"]"))
                .matches("\\{\"results\":\\[\\{[^}]*},\\{\"columns\":\\[\"id\"],\"types\":\\[\"integer\"]}],"
                        + "\"raft_index\":\\d+}");
    }
}
