package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.SharedNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /db/load} with SQL text, and a dump → load round trip between two nodes. */
class LoadIT {

    @RegisterExtension
    static final SharedNode source = new SharedNode();
    @RegisterExtension
    static final SharedNode target = new SharedNode();
    static final Api api = source.api();

    private static Reply load(Api to, String sql) {
        return to.post("/db/load", "text/plain", sql.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPythonStyleDumpLoadsAsOneExecute() {
        String dump = "BEGIN TRANSACTION;\nCREATE TABLE py (id INTEGER PRIMARY KEY, name TEXT);\n"
                + "INSERT INTO \"py\" VALUES(1,'fiona');\nCOMMIT;\n";
        Reply r = load(api, dump);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.body()).isEqualTo("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}]}");
        assertThat(api.query("SELECT name FROM py", "").body()).contains("[[\"fiona\"]]");
    }

    @Test
    void aFailingScriptChangesNothing() {
        Reply r = load(api, "CREATE TABLE half (v);\nINSERT INTO half VALUES(1);\nINSERT INTO nowhere VALUES(2);\n");
        assertThat(r.body()).isEqualTo("{\"results\":[{\"error\":\"no such table: nowhere\"}]}");
        assertThat(api.query("SELECT name FROM sqlite_master WHERE name = 'half'", "").body())
                .doesNotContain("\"values\"");
    }

    @Test
    void aTruncatedDatabaseFileIsRefusedAndChangesNothing() throws Exception {
        assertThat(target.api().execute("[\"CREATE TABLE keep (v)\", \"INSERT INTO keep VALUES(7)\"]").status())
                .isEqualTo(200);
        byte[] good = backupOfSource();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        for (byte[] bad : new byte[][] {truncated, "SQLite format 3\0 and the rest".getBytes(StandardCharsets.ISO_8859_1)}) {
            Reply r = target.api().post("/db/load", "application/octet-stream", bad);
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("invalid SQLite database\n");
        }
        assertThat(target.api().query("SELECT v FROM keep", "").body()).contains("[[7]]");
        assertThat(api.get("/db/load").status()).isEqualTo(405);
    }

    @Test
    void aDatabaseFileReplacesTheWholeDatabase() throws Exception {
        assertThat(api.execute("[\"CREATE TABLE whole (v TEXT)\", \"INSERT INTO whole VALUES('from source')\"]")
                .status()).isEqualTo(200);
        assertThat(target.api().execute("[\"CREATE TABLE gone (v)\"]").status()).isEqualTo(200);
        Reply r = target.api().post("/db/load", "application/octet-stream", backupOfSource());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"results\":[]}");
        assertThat(target.api().query("SELECT v FROM whole", "").body()).contains("[[\"from source\"]]");
        assertThat(target.api().query("SELECT name FROM sqlite_master WHERE name = 'gone'", "").body())
                .doesNotContain("values");
    }

    private static byte[] backupOfSource() throws Exception {
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + source.httpAddress()
                        + "/db/backup")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aSqlBackupLoadedIntoAnotherNodeGivesTheSameDatabase() {
        assertThat(api.execute("[\"CREATE TABLE rt (id INTEGER PRIMARY KEY AUTOINCREMENT, s TEXT, r REAL, b BLOB)\","
                + "[\"INSERT INTO rt(s, r, b) VALUES(?, ?, x'00FF')\", \"it's -- not a comment\", 2.5],"
                + "\"CREATE INDEX rt_s ON rt(s)\", \"CREATE VIEW rtv AS SELECT s FROM rt\"]").status())
                .isEqualTo(200);
        String dump = api.get("/db/backup?fmt=sql&tables=rt").body();
        Reply loaded = load(target.api(), dump);
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.body()).doesNotContain("error");
        assertThat(target.api().get("/db/backup?fmt=sql&tables=rt").body()).isEqualTo(dump);
    }
}
