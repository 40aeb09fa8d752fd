package io.jrqlite.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrqlite.testing.Api;
import io.jrqlite.testing.Api.Reply;
import io.jrqlite.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backup → load round trips. A SQL dump with varied values and every kind of schema object is loaded into a node;
 * each backup form is checked by SQLite outside jrqlite (sqlite-jdbc always; {@code python3} and the {@code sqlite3}
 * shell when installed) and loaded into a fresh node, which must then hold the same schema, the same rows and the
 * same storage class for every value.
 */
class BackupRoundTripIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonFactory JSON = new JsonFactory();
    private static final long TOOL_TIMEOUT_SECONDS = 30;
    /** A value the external tools must read back exactly: non-ASCII text survives every copy. */
    private static final String PROBE = "SELECT name FROM people WHERE id = 2";
    private static final String PROBE_VALUE = "Zoë 😀 日本";

    @TempDir
    static Path sourceDir;
    private static TestNode source;
    private static Contents original;
    private static Optional<Path> python;
    private static Optional<Path> sqliteShell;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTheSeedIntoTheSource() throws Exception {
        source = TestNode.start(sourceDir);
        assertSqlLoaded(source.api(), seedDump());
        original = Contents.of(source.api());
        python = onPath("python3").filter(BackupRoundTripIT::hasSqliteModule);
        sqliteShell = Optional.of(Path.of("/usr/bin/sqlite3")).filter(Files::isExecutable)
                .or(() -> onPath("sqlite3"));

        // The comparisons below are only worth something if the seed really is there.
        assertThat(original.rows()).containsKeys("people", "audit", "order", "readings", "settings", "events",
                "sqlite_sequence", "sqlite_stat1");
        assertThat(original.rows().get("people")).extracting(row -> row.get(1)).containsExactly("O'Brien",
                PROBE_VALUE, "all null", "extremes", "more extremes", "infinities");
        assertThat(original.rows().get("people").get(1).get(2)).isEqualTo("line one\nline two\r\nand a crlf");
        assertThat(original.classes().get("people").get(5)).containsExactly("integer", "text", "text", "integer",
                "real", "real");
        assertThat(original.rows().get("audit")).hasSize(6);
        assertThat(original.rows().get("sqlite_sequence")).hasToString("[[audit, 6], [events, 3]]");
        assertThat(original.rows().get("readings")).hasSizeGreaterThan(250);
        assertThat(original.rows().get("sqlite_stat1")).isNotEmpty();
        assertThat(original.schema()).extracting(entry -> entry.get(0) + " " + entry.get(1))
                .contains("index people_name", "trigger people_audit", "view adults", "table sqlite_sequence");
    }

    @AfterAll
    static void stopTheSource() {
        if (source != null) {
            source.close();
        }
    }

    @ParameterizedTest(name = "?{0}")
    @ValueSource(strings = {"", "fmt=delete", "vacuum", "compress"})
    void aDatabaseFileBackupIsValidSqliteAndRebuildsTheDatabase(String params) throws Exception {
        Download backup = backup(source, params);
        assertThat(backup.contentType()).isEqualTo("application/octet-stream");
        byte[] db = params.equals("compress") ? gunzip(backup.body()) : backup.body();
        assertThat(new String(db, 0, 16, UTF_8)).isEqualTo("SQLite format 3\0");

        Path file = Files.write(dir.resolve("backup.sqlite"), db);
        checkWithSqliteJdbc(file, params.equals("fmt=delete") ? "delete" : "wal");
        checkWithExternalTools(file);

        try (TestNode fresh = freshNode()) {
            Reply r = fresh.api().post("/db/load", "application/octet-stream", db);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"results\":[]}");
            assertSameContents(Contents.of(fresh.api()), original);
        }
    }

    @Test
    void aSqlDumpRebuildsTheDatabase() throws Exception {
        Download backup = backup(source, "fmt=sql");
        assertThat(backup.contentType()).isEqualTo("application/sql");
        String dump = new String(backup.body(), UTF_8);
        assertThat(dump).startsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n").endsWith("COMMIT;\n");

        try (TestNode fresh = freshNode()) {
            assertSqlLoaded(fresh.api(), dump);
            assertSameContents(Contents.of(fresh.api()), original.withoutStat4Samples());
            assertThat(new String(backup(fresh, "fmt=sql").body(), UTF_8)).isEqualTo(dump);
        }
    }

    @Test
    void aSqlDumpOfSomeTablesRebuildsOnlyThose() throws Exception {
        String dump = new String(backup(source, "fmt=sql&tables=people,order").body(), UTF_8);

        try (TestNode fresh = freshNode()) {
            assertSqlLoaded(fresh.api(), dump);
            Contents rebuilt = Contents.of(fresh.api());
            assertThat(rebuilt.rows()).containsOnlyKeys("people", "order");
            assertSameContents(rebuilt, original.only(Set.of("people", "order")));
            // The fresh node holds nothing else, so its full dump is the partial one.
            assertThat(new String(backup(fresh, "fmt=sql").body(), UTF_8)).isEqualTo(dump);
        }
    }

    @Test
    void loadingABinaryBackupIntoTheSameChangedNodeRestoresTheBackedUpContent() throws Exception {
        Path nodeDir = Files.createDirectories(dir.resolve("node"));
        try (TestNode node = TestNode.start(nodeDir)) {
            assertSqlLoaded(node.api(), seedDump());
            Contents before = Contents.of(node.api());
            byte[] backup = backup(node, "").body();

            Reply changed = node.api().execute("[\"DELETE FROM people WHERE id > 2\", \"DROP VIEW adults\","
                    + " \"CREATE TABLE extra (v)\", \"INSERT INTO extra VALUES(1)\","
                    + " \"UPDATE settings SET v = 'changed'\", \"INSERT INTO events(what) VALUES('later')\"]");
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.body()).doesNotContain("error");
            assertThat(Contents.of(node.api())).isNotEqualTo(before);

            Reply r = node.api().post("/db/load", "application/octet-stream", backup);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertSameContents(Contents.of(node.api()), before);
        }
    }

    // --- the seed -----------------------------------------------------------------------------------------------

    /**
     * A dump written by hand: integers at the 64-bit limits, reals (negative, huge, subnormal, ±Inf, not exactly
     * representable), text with quotes, semicolons, comment markers, newlines and non-ASCII, blobs (empty, small, one
     * spanning overflow pages), NULLs, a table without declared types and gaps in its rowids, a WITHOUT ROWID table,
     * a keyword as a table name, a generated column, an index, a partial index, a view, a trigger (whose audit rows
     * the dump must carry, not re-fire), two AUTOINCREMENT tables (one sequence ahead of its max id) and
     * {@code sqlite_stat1}.
     */
    private static String seedDump() {
        StringBuilder sql = new StringBuilder("""
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, born INTEGER,
                  height REAL, photo BLOB);
                CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, msg TEXT NOT NULL);
                CREATE TRIGGER people_audit AFTER INSERT ON people BEGIN
                  INSERT INTO audit(msg) VALUES('added ' || NEW.name);
                END;
                INSERT INTO people VALUES(1, 'O''Brien', 'said "hi"; then -- left /* no comment */', 1970, 1.83,
                  X'00FF10');
                INSERT INTO people VALUES(2, 'Zoë 😀 日本', 'line one
                line two\r\nand a crlf', -42, -0.5, X'');
                INSERT INTO people VALUES(3, 'all null', NULL, NULL, NULL, NULL);
                INSERT INTO people VALUES(4, 'extremes', '', 9223372036854775807, 1.7976931348623157e308, X'DEADBEEF');
                INSERT INTO people VALUES(5, 'more extremes', ';', -9223372036854775808, -4.9e-324, 0.1 + 0.2);
                INSERT INTO people VALUES(6, 'infinities', 'END;', 0, 9e999, -9e999);
                CREATE TABLE "order" (id INTEGER PRIMARY KEY, person INTEGER REFERENCES people(id),
                  "unit price" REAL, qty INTEGER DEFAULT 1,
                  total REAL GENERATED ALWAYS AS ("unit price" * qty) VIRTUAL);
                INSERT INTO "order" VALUES(1, 1, 9.99, 3);
                INSERT INTO "order"(id, person, "unit price") VALUES(2, 2, 2.0);
                CREATE TABLE readings (sensor TEXT, v);
                CREATE TABLE settings (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
                INSERT INTO settings VALUES('b', 2), ('a', 'one'), ('c', NULL), ('d', -123456789.123456789);
                CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, person INTEGER, what TEXT);
                INSERT INTO events(person, what) VALUES(1, 'joined'), (2, 'left'), (3, 'gone');
                DELETE FROM events WHERE id = 3;
                """);
        for (int i = 1; i <= 300; i++) {
            String v = switch (i % 5) {
                case 0 -> String.valueOf(-i * 1_000_003L);
                case 1 -> i + ".25";
                case 2 -> "'r" + i + "'";
                case 3 -> "X'" + "%04x".formatted(i) + "'";
                default -> "NULL";
            };
            sql.append("INSERT INTO readings VALUES('s").append(i % 3).append("', ").append(v).append(");\n");
        }
        sql.append("INSERT INTO readings VALUES('big blob', X'").append("0123456789abcdef".repeat(2500))
                .append("');\n");
        sql.append("INSERT INTO readings VALUES('long text', '").append("ab'' ".repeat(10_000)).append("');\n");
        sql.append("""
                DELETE FROM readings WHERE rowid % 7 = 0;
                CREATE INDEX people_name ON people(name);
                CREATE UNIQUE INDEX order_person ON "order"(person, id);
                CREATE INDEX readings_sensor ON readings(sensor) WHERE v IS NOT NULL;
                CREATE VIEW adults AS SELECT name, born FROM people WHERE born < 2000;
                ANALYZE;
                COMMIT;
                """);
        return sql.toString();
    }

    // --- what a node holds --------------------------------------------------------------------------------------

    /**
     * A node's database as read through its API: {@code sqlite_master}, and for each table its rows (the JSON
     * {@code values}) and the storage class of each value, which JSON alone does not show (a blob is base64 text,
     * {@code 2.0} may print as {@code 2}, ±Inf as {@code null}).
     */
    private record Contents(List<List<Object>> schema, Map<String, List<List<Object>>> rows,
            Map<String, List<List<Object>>> classes) {

        static Contents of(Api api) {
            List<List<Object>> schema = query(api, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
                    .values();
            Map<String, List<List<Object>>> rows = new TreeMap<>();
            Map<String, List<List<Object>>> classes = new TreeMap<>();
            for (List<Object> entry : schema) {
                if (!entry.get(0).equals("table")) {
                    continue;
                }
                String table = (String) entry.get(1);
                // A WITHOUT ROWID table has no rowid; the seed's ones have their key first.
                String order = String.valueOf(entry.get(3)).toUpperCase(Locale.ROOT).contains("WITHOUT ROWID")
                        ? "1" : "rowid";
                String from = " FROM " + quoted(table) + " ORDER BY " + order;
                Result all = query(api, "SELECT *" + from);
                rows.put(table, all.values());
                String typeofs = all.columns().stream().map(c -> "typeof(" + quoted((String) c) + ")")
                        .collect(Collectors.joining(", "));
                classes.put(table, query(api, "SELECT " + typeofs + from).values());
            }
            return new Contents(schema, rows, classes);
        }

        /** The part of this database that belongs to the given tables (their indexes and triggers included). */
        Contents only(Set<String> tables) {
            return new Contents(schema.stream().filter(e -> tables.contains((String) e.get(2))).toList(),
                    only(rows, tables), only(classes, tables));
        }

        /**
         * This database as a SQL dump rebuilds it: a dump (like the sqlite3 shell's) recreates the statistics tables
         * with {@code ANALYZE "sqlite_master"} and carries {@code sqlite_stat1}'s rows but skips {@code sqlite_stat4}
         * (planner samples, present when SQLite is built with STAT4).
         */
        Contents withoutStat4Samples() {
            Map<String, List<List<Object>>> emptied = new TreeMap<>(rows);
            Map<String, List<List<Object>>> emptiedClasses = new TreeMap<>(classes);
            emptied.computeIfPresent("sqlite_stat4", (t, r) -> List.of());
            emptiedClasses.computeIfPresent("sqlite_stat4", (t, r) -> List.of());
            return new Contents(schema, emptied, emptiedClasses);
        }

        private static <V> Map<String, V> only(Map<String, V> byTable, Set<String> tables) {
            Map<String, V> kept = new TreeMap<>(byTable);
            kept.keySet().retainAll(tables);
            return kept;
        }
    }

    /** Compares part by part, so a failure names the table rather than printing two whole databases. */
    private static void assertSameContents(Contents actual, Contents expected) {
        assertThat(actual.schema()).as("sqlite_master").isEqualTo(expected.schema());
        assertThat(actual.rows().keySet()).as("tables").isEqualTo(expected.rows().keySet());
        for (String table : expected.rows().keySet()) {
            assertThat(actual.rows().get(table)).as("rows of %s", table).isEqualTo(expected.rows().get(table));
            assertThat(actual.classes().get(table)).as("storage classes of %s", table)
                    .isEqualTo(expected.classes().get(table));
        }
    }

    // --- checks outside jrqlite ---------------------------------------------------------------------------------

    /** What each external reader must print: the integrity check, the probe value, then each table's row count. */
    private static List<String> expectedReadout() {
        List<String> lines = new ArrayList<>(List.of("ok", PROBE_VALUE));
        original.rows().values().forEach(rows -> lines.add(String.valueOf(rows.size())));
        return lines;
    }

    private static void checkWithSqliteJdbc(Path file, String journalMode) throws Exception {
        List<String> readout = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(single(s, "PRAGMA journal_mode")).isEqualTo(journalMode);
            readout.add(single(s, "PRAGMA integrity_check"));
            readout.add(single(s, PROBE));
            for (String table : original.rows().keySet()) {
                readout.add(single(s, "SELECT count(*) FROM " + quoted(table)));
            }
        }
        assertThat(readout).isEqualTo(expectedReadout());
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    /** Python's sqlite3 module and the sqlite3 shell, each only if this machine has it. */
    private void checkWithExternalTools(Path file) throws Exception {
        List<String> tables = List.copyOf(original.rows().keySet());
        if (python.isPresent()) {
            List<String> cmd = new ArrayList<>(List.of(python.get().toString(), "-c", """
                    import sqlite3, sys
                    c = sqlite3.connect(sys.argv[1])
                    print(c.execute('PRAGMA integrity_check').fetchone()[0])
                    print(c.execute(sys.argv[2]).fetchone()[0])
                    for t in sys.argv[3:]:
                        print(len(c.execute('SELECT * FROM "%s"' % t.replace('"', '""')).fetchall()))
                    c.close()
                    """, file.toString(), PROBE));
            cmd.addAll(tables);
            assertThat(run(cmd)).as("python3 sqlite3").isEqualTo(expectedReadout());
        }
        if (sqliteShell.isPresent()) {
            String script = Stream.concat(Stream.of("PRAGMA integrity_check", PROBE),
                    tables.stream().map(t -> "SELECT count(*) FROM " + quoted(t))).collect(Collectors.joining("; "));
            assertThat(run(List.of(sqliteShell.get().toString(), "-batch", "-bail", file.toString(), script)))
                    .as("sqlite3 shell").isEqualTo(expectedReadout());
        }
    }

    /** Runs a tool to completion within a time limit and returns its output lines; it must exit 0. */
    private List<String> run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "tool-", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Process p = pb.start();
        try {
            if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("%s did not finish within %ds", command.get(0), TOOL_TIMEOUT_SECONDS);
            }
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String output = Files.readString(out, UTF_8);
        assertThat(p.exitValue()).as("%s exit code; output:%n%s", command.get(0), output).isZero();
        return output.lines().toList();
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    /** A python3 without its sqlite3 module (or a pyenv shim with no Python behind it) counts as absent. */
    private static boolean hasSqliteModule(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import sqlite3")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                return p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // --- HTTP and nodes -----------------------------------------------------------------------------------------

    private TestNode freshNode() throws IOException {
        return TestNode.start(Files.createDirectories(dir.resolve("fresh")));
    }

    private record Download(String contentType, byte[] body) {
    }

    private static Download backup(TestNode node, String params) throws Exception {
        String url = "http://" + node.httpAddress() + "/db/backup" + (params.isEmpty() ? "" : "?" + params);
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("%s: %s", url, new String(r.body(), UTF_8)).isEqualTo(200);
        return new Download(r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        assertThat(gz).as("gzip magic").startsWith((byte) 0x1f, (byte) 0x8b);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Loads SQL text and checks it ran as one execute without an error. */
    private static void assertSqlLoaded(Api api, String sql) {
        Reply r = api.post("/db/load", "text/plain", sql.getBytes(UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"results\":[{").doesNotContain("\"error\"");
    }

    private record Result(List<Object> columns, List<List<Object>> values) {
    }

    @SuppressWarnings("unchecked")
    private static Result query(Api api, String sql) {
        Reply r = api.query(sql, "");
        assertThat(r.status()).as(sql).isEqualTo(200);
        Map<String, Object> result = ((List<Map<String, Object>>) ((Map<String, Object>) parse(r.body()))
                .get("results")).get(0);
        assertThat(result).as("%s gave %s", sql, r.body()).doesNotContainKey("error");
        return new Result((List<Object>) result.get("columns"),
                (List<List<Object>>) result.getOrDefault("values", List.of()));
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    // --- JSON as plain Java values (jackson-core only streams) -------------------------------------------------

    private static Object parse(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            return read(p);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Numbers keep their exact text as {@code BigDecimal} or an integer type, so no digit is lost to a double. */
    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    p.nextToken();
                    m.put(key, read(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }
}
