package io.jrqlite.db;

import static io.jrqlite.db.Batches.batch;
import static io.jrqlite.db.Batches.describe;
import static io.jrqlite.db.Batches.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.command.BatchResult;
import io.jrqlite.command.Rows;
import io.jrqlite.command.Value;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseQueryTest {

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(DbConfig.onDisk(dir.resolve("db.sqlite")));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Rows rows(String sql) {
        BatchResult r = db.query(batch(sql));
        assertThat(r.getResultsCount()).isEqualTo(1);
        return r.getResults(0).getRows();
    }

    private void exec(String... sql) {
        BatchResult r = db.execute(batch(sql));
        assertThat(describe(r)).noneMatch(s -> s.startsWith("error"));
    }

    @Test
    void typesFromDeclarationsAndFirstRow() {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(500), n int, r REAL, b BLOB, u)",
                "INSERT INTO t VALUES(1, 'a', 2, 1.5, x'00', 'untyped')");
        Rows r = rows("SELECT * FROM t");
        assertThat(r.getColumnsList()).containsExactly("id", "name", "n", "r", "b", "u");
        assertThat(r.getTypesList()).containsExactly("integer", "varchar(500)", "int", "real", "blob", "text");
        // declared types hold when there are no rows; expressions then have none
        Rows empty = rows("SELECT id, name, count(*) AS c, 1 + 1 FROM t WHERE id < 0 GROUP BY id");
        assertThat(empty.getTypesList()).containsExactly("integer", "varchar(500)", "", "");
        assertThat(empty.getValuesCount()).isZero();
        Rows expr = rows("SELECT COUNT(*), 1.5, 'x', NULL, x'DEADBEEF', rot FROM (SELECT 1 AS rot)");
        assertThat(expr.getColumnsList()).containsExactly("COUNT(*)", "1.5", "'x'", "NULL", "x'DEADBEEF'", "rot");
        assertThat(expr.getTypesList()).containsExactly("integer", "real", "text", "", "text", "integer");
        Value blobAsText = expr.getValues(0).getValues(4);
        assertThat(blobAsText.hasText()).isTrue();
        assertThat(blobAsText.getText().toByteArray()).containsExactly(0xde, 0xad, 0xbe, 0xef);
        assertThat(rows("PRAGMA foreign_keys").getTypesList()).containsExactly("integer");
    }

    @Test
    void valuesByStorageClass() {
        exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)",
                "INSERT INTO t VALUES(-9223372036854775808, 20.0, 'héllo', x'0102', NULL)");
        Rows r = rows("SELECT * FROM t");
        assertThat(values(r).get(0).subList(0, 3)).containsExactly(Long.MIN_VALUE, 20.0, "héllo");
        Value blob = r.getValues(0).getValues(3);
        assertThat(blob.hasBlob()).isTrue();
        assertThat(blob.getBlob().toByteArray()).containsExactly(1, 2);
        assertThat(r.getValues(0).getValues(4)).isEqualTo(Value.getDefaultInstance());
        // empty text and empty blob
        Rows e = rows("SELECT '', CAST(x'' AS BLOB)");
        assertThat(e.getValues(0).getValues(0).hasText()).isTrue();
        assertThat(e.getValues(0).getValues(0).getText().isEmpty()).isTrue();
    }

    @Test
    void invalidUtf8TextSurvivesAsRawBytes() {
        exec("CREATE TABLE t (s TEXT)", "INSERT INTO t VALUES(CAST(x'ff41c3' AS TEXT))");
        Rows r = rows("SELECT s, typeof(s) FROM t");
        assertThat(r.getValues(0).getValues(0).getText().toByteArray()).containsExactly(0xff, 0x41, 0xc3);
        assertThat(values(r).get(0).get(1)).isEqualTo("text");
    }

    @Test
    void booleanQuirk() {
        exec("CREATE TABLE t (b BOOLEAN, c boolean)", "INSERT INTO t VALUES(1, 0)", "INSERT INTO t VALUES(5, 'yes')",
                "INSERT INTO t VALUES(-1, NULL)");
        Rows r = rows("SELECT * FROM t");
        assertThat(r.getTypesList()).containsExactly("boolean", "boolean");
        assertThat(values(r)).containsExactly(List.of(true, false), List.of(true, "yes"),
                java.util.Arrays.asList(false, null));
    }

    @Test
    void datetimeQuirk() {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY, d DATETIME, ts TIMESTAMP, dd DATE, other TEXT)");
        String[][] cases = {
                {"0", "1970-01-01T00:00:00Z"},
                {"1704164645", "2024-01-02T03:04:05Z"},
                {"1704164645123", "2024-01-02T03:04:05.123Z"},
                {"-1", "1969-12-31T23:59:59Z"},
                {"'2024-01-02 03:04:05'", "2024-01-02T03:04:05Z"},
                {"'2024-01-02T03:04:05Z'", "2024-01-02T03:04:05Z"},
                {"'2024-01-02 03:04:05.123456'", "2024-01-02T03:04:05.123456Z"},
                {"'2024-01-02 03:04:05.500+02:00'", "2024-01-02T01:04:05.5Z"},
                {"'2024-01-02T03:04:05-01:30'", "2024-01-02T04:34:05Z"},
                {"'2024-01-02 03:04'", "2024-01-02T03:04:00Z"},
                {"'2024-01-02'", "2024-01-02T00:00:00Z"},
                {"'2024-02-30'", "0001-01-01T00:00:00Z"},
                {"'not a date'", "0001-01-01T00:00:00Z"},
                {"'2024-01-02 03:04:05 garbage'", "0001-01-01T00:00:00Z"},
        };
        for (String[] c : cases) {
            exec("DELETE FROM t", "INSERT INTO t(d, ts, dd, other) VALUES(" + c[0] + ", " + c[0] + ", " + c[0] + ", "
                    + c[0] + ")");
            Rows r = rows("SELECT d, ts, dd FROM t");
            assertThat(values(r).get(0)).as(c[0]).containsExactly(c[1], c[1], c[1]);
            assertThat(r.getValues(0).getValues(0).hasFormatted()).isTrue();
        }
        exec("DELETE FROM t", "INSERT INTO t(d, other) VALUES(2.5, '2024-01-02')");
        assertThat(values(rows("SELECT d, other FROM t")).get(0)).containsExactly(2.5, "2024-01-02");
        assertThat(rows("SELECT d FROM t").getTypesList()).containsExactly("datetime");
    }

    @Test
    void blobsInTextLikeColumnsComeBackAsText() {
        exec("CREATE TABLE t (a TEXT, b JSON, c VARCHAR(10), d NCHAR(2), e NVARCHAR(3), f VARYING CHARACTER(4),"
                + " g NATIVE CHARACTER(5), h CLOB, i BLOB, j INTEGER, k)");
        exec("INSERT INTO t VALUES(x'41', x'42', x'43', x'44', x'45', x'46', x'47', x'48', x'49', x'4a', x'4b')");
        Rows r = rows("SELECT * FROM t");
        for (int c = 0; c < 11; c++) {
            Value v = r.getValues(0).getValues(c);
            boolean textLike = c != 8 && c != 9;
            assertThat(v.hasText()).as(r.getColumns(c)).isEqualTo(textLike);
            assertThat(v.hasBlob()).as(r.getColumns(c)).isEqualTo(!textLike);
        }
        assertThat(r.getTypesList()).containsExactly("text", "json", "varchar(10)", "nchar(2)", "nvarchar(3)",
                "varying character(4)", "native character(5)", "clob", "blob", "integer", "text");
    }

    @Test
    void writesAreRefusedOnTheQueryPath() {
        exec("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)");
        BatchResult r = db.query(batch(
                "INSERT INTO foo(name) VALUES('x')",
                "SELECT count(*) FROM foo",
                "CREATE TABLE bar(x)",
                "SELECT * FROM nosuch",
                "DELETE FROM foo",
                "PRAGMA user_version = 5",
                "PRAGMA table_info(foo)",
                "SELECT 1; INSERT INTO foo(name) VALUES('y')"));
        assertThat(describe(r)).containsExactly(
                "error:attempt to change database via query operation",
                "rows:[[0]]",
                "error:attempt to change database via query operation",
                "error:no such table: nosuch",
                "error:attempt to change database via query operation",
                "error:attempt to change database via query operation",
                "rows:[[0, id, INTEGER, 0, null, 1], [1, name, TEXT, 0, null, 0]]",
                "error:attempt to change database via query operation");
        assertThat(describe(db.query(batch("SELECT count(*) FROM foo")))).containsExactly("rows:[[0]]");
    }

    @Test
    void queryTransactionAndErrorsDoNotStop() {
        exec("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO foo(name) VALUES('a')");
        BatchResult r = db.query(batch("SELECT * FROM nosuch", "SELECT name FROM foo")
                .toBuilder().setTransaction(true).build());
        assertThat(describe(r)).containsExactly("error:no such table: nosuch", "rows:[[a]]");
        assertThat(r.getResults(1).getRows().getTime()).isPositive();
    }

    @Test
    void qualifiedColumns() {
        exec("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)", "CREATE TABLE bar (id INTEGER, v TEXT)",
                "INSERT INTO foo VALUES(1, 'a')", "INSERT INTO bar VALUES(1, 'b')");
        BatchResult r = db.query(batch("SELECT foo.id, bar.id, name AS n, v, 1 + 1 FROM foo JOIN bar ON foo.id = bar.id")
                .toBuilder().setQualifyColumns(true).build());
        assertThat(r.getResults(0).getRows().getColumnsList())
                .containsExactly("foo.id", "bar.id", "foo.n", "bar.v", "1 + 1");
        BatchResult plain = db.query(batch("SELECT foo.id, name AS n FROM foo"));
        assertThat(plain.getResults(0).getRows().getColumnsList()).containsExactly("id", "n");
    }

    @Test
    void readersSeeCommittedWritesOnly() {
        exec("CREATE TABLE foo (x)");
        // an open, uncommitted transaction on the write connection is invisible to readers
        assertThat(describe(db.execute(batch("BEGIN", "INSERT INTO foo VALUES(1)")))).hasSize(2);
        assertThat(describe(db.query(batch("SELECT count(*) FROM foo")))).containsExactly("rows:[[0]]");
        db.execute(batch("COMMIT"));
        assertThat(describe(db.query(batch("SELECT count(*) FROM foo")))).containsExactly("rows:[[1]]");
    }
}
