package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.SharedNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /db/sql}: shows the rewrite without running anything. */
class SqlIT {

    @RegisterExtension
    static final SharedNode node = new SharedNode();
    static final Api api = node.api();


    private static String get(String sql, String params) {
        Reply r = api.get("/db/sql?q=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)
                + (params.isEmpty() ? "" : "&" + params));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        return r.body();
    }

    @Test
    void plainStatementIsShownUnchanged() {
        // jrqlite keeps the original text where nothing is rewritten (DESIGN.md); rqlite would re-serialise it.
        assertThat(get("SELECT * FROM foo", ""))
                .isEqualTo("{\"results\":[{\"original\":\"SELECT * FROM foo\",\"rewritten\":\"SELECT * FROM foo\"}]}");
    }

    @Test
    void randomAndNowAreRewritten() {
        assertThat(get("INSERT INTO foo(v) VALUES(RANDOM())", "")).matches(
                "\\{\"results\":\\[\\{\"original\":\"INSERT INTO foo\\(v\\) VALUES\\(RANDOM\\(\\)\\)\","
                        + "\"rewritten\":\"INSERT INTO foo\\(v\\) VALUES\\(\\d+\\)\"}]}");
        assertThat(get("SELECT datetime('now')", "")).matches(
                "\\{\"results\":\\[\\{\"original\":\"SELECT datetime\\('now'\\)\","
                        + "\"rewritten\":\"SELECT datetime\\(\\d+\\.\\d{6}\\)\"}]}");
    }

    @Test
    void norwrandomAndNorwtime() {
        assertThat(get("SELECT RANDOM(), datetime('now')", "norwrandom")).matches(
                ".*\"rewritten\":\"SELECT RANDOM\\(\\), datetime\\(\\d+\\.\\d{6}\\)\".*");
        assertThat(get("SELECT RANDOM(), datetime('now')", "norwtime")).matches(
                ".*\"rewritten\":\"SELECT \\d+, datetime\\('now'\\)\".*");
        assertThat(get("SELECT RANDOM(), datetime('now')", "norwtime&norwrandom")).isEqualTo(
                "{\"results\":[{\"original\":\"SELECT RANDOM(), datetime('now')\","
                        + "\"rewritten\":\"SELECT RANDOM(), datetime('now')\"}]}");
    }

    @Test
    void postJson() {
        Reply r = api.post("/db/sql", "[\"SELECT 1\", [\"SELECT ?\", 1], \"SELECT RANDOM()\"]");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).matches("\\{\"results\":\\[\\{\"original\":\"SELECT 1\",\"rewritten\":\"SELECT 1\"},"
                + "\\{\"original\":\"SELECT \\?\",\"rewritten\":\"SELECT \\?\"},"
                + "\\{\"original\":\"SELECT RANDOM\\(\\)\",\"rewritten\":\"SELECT \\d+\"}]}");
    }

    @Test
    void prettyAndTimings() {
        assertThat(get("SELECT 1", "pretty")).isEqualTo("""
                {
                    "results": [
                        {
                            "original": "SELECT 1",
                            "rewritten": "SELECT 1"
                        }
                    ]
                }""");
        assertThat(get("SELECT 1", "timings")).matches(".*,\"time\":[0-9.e-]+}");
    }

    @Test
    void nothingIsExecuted() {
        get("CREATE TABLE s1 (id INTEGER)", "");
        assertThat(api.query("SELECT name FROM sqlite_master WHERE name = 's1'", "").body())
                .isEqualTo("{\"results\":[{\"columns\":[\"name\"],\"types\":[\"text\"]}]}");
    }

    @Test
    void getWithoutQIs400() {
        assertThat(api.get("/db/sql").status()).isEqualTo(400);
        assertThat(api.method("PUT", "/db/sql", "[]").status()).isEqualTo(405);
    }
}
