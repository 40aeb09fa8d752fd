package io.jrqlite.db;

import static io.jrqlite.db.Batches.batch;
import static io.jrqlite.db.Batches.describe;
import static io.jrqlite.db.Batches.of;
import static io.jrqlite.db.Batches.returning;
import static io.jrqlite.db.Batches.stmt;
import static io.jrqlite.db.Batches.tx;
import static io.jrqlite.db.Batches.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.ExecuteResult;
import io.jrqlite.command.Rows;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseExecuteTest {

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

    private List<List<Object>> select(String sql) {
        BatchResult r = db.query(batch(sql));
        assertThat(r.getResults(0).getRows().getError()).isEmpty();
        return values(r.getResults(0).getRows());
    }

    @Test
    void createInsertAndDoubleQuotedLiterals() {
        BatchResult r = db.execute(batch(
                "CREATE TABLE foo (id INTEGER NOT NULL PRIMARY KEY, name TEXT)",
                "INSERT INTO foo(name) VALUES(\"fiona\")",
                "INSERT INTO foo(name) VALUES('declan')"));
        assertThat(describe(r)).containsExactly("[0,0]", "[1,1]", "[2,1]");
        assertThat(r.getResults(1).getExecute().getTime()).isPositive();
        assertThat(select("SELECT * FROM foo")).containsExactly(List.of(1L, "fiona"), List.of(2L, "declan"));
    }

    @Test
    void lastInsertIdAndRowsAffectedAreSticky() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)"));
        BatchResult r = db.execute(batch(
                "INSERT INTO foo(name) VALUES('fiona')",
                "CREATE INDEX i ON foo(name)",
                "DROP TABLE foo"));
        assertThat(describe(r)).containsExactly("[1,1]", "[1,1]", "[1,1]");
        // sticky across requests too
        assertThat(describe(db.execute(batch("CREATE TABLE bar(x)")))).containsExactly("[1,1]");
    }

    @Test
    void rowsAffectedCountsEveryChangedRow() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)"));
        assertThat(describe(db.execute(batch("INSERT INTO foo(name) VALUES('a'),('b'),('c')"))))
                .containsExactly("[3,3]");
        assertThat(describe(db.execute(batch("UPDATE foo SET name='z' WHERE id > 1")))).containsExactly("[3,2]");
        assertThat(describe(db.execute(batch("DELETE FROM foo")))).containsExactly("[3,3]");
    }

    @Test
    void withoutTransactionAFailureDoesNotStopLaterStatements() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)"));
        BatchResult r = db.execute(batch(
                "INSERT INTO foo(name) VALUES('fiona')",
                "INSERT INTO bar(name) VALUES('x')",
                "INSERT INTO foo(name) VALUES('declan')"));
        assertThat(describe(r)).containsExactly("[1,1]", "error:no such table: bar", "[2,1]");
        assertThat(select("SELECT count(*) FROM foo")).containsExactly(List.of(2L));
    }

    @Test
    void transactionStopsAtFirstErrorAndRollsBack() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)"));
        BatchResult r = db.execute(tx(
                "INSERT INTO foo(name) VALUES('fiona')",
                "INSERT INTO foo(id, name) VALUES(1, 'dup')",
                "INSERT INTO foo(name) VALUES('declan')"));
        assertThat(describe(r)).containsExactly("[1,1]", "error:UNIQUE constraint failed: foo.id");
        assertThat(select("SELECT count(*) FROM foo")).containsExactly(List.of(0L));
        // the connection is usable and in autocommit mode afterwards
        assertThat(describe(db.execute(batch("INSERT INTO foo(name) VALUES('x')")))).containsExactly("[1,1]");
        assertThat(describe(db.execute(tx("INSERT INTO foo(name) VALUES('y')")))).containsExactly("[2,1]");
        assertThat(select("SELECT count(*) FROM foo")).containsExactly(List.of(2L));
    }

    @Test
    void rawSqliteErrorMessages() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY)"));
        BatchResult r = db.execute(batch(
                "blah",
                "SELECT * FROM bar",
                "INSERT INTO foo VALUES(1)",
                "INSERT INTO foo VALUES(1)",
                "SELECT rot13('x')"));
        assertThat(describe(r)).containsExactly(
                "error:near \"blah\": syntax error",
                "error:no such table: bar",
                "[1,1]",
                "error:UNIQUE constraint failed: foo.id",
                "error:no such function: rot13");
    }

    @Test
    void returningGivesRows() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)"));
        BatchResult r = db.execute(of(
                returning("INSERT INTO foo(name) VALUES('fiona'), ('declan') RETURNING id, name"),
                stmt("INSERT INTO foo(name) VALUES('x')")));
        Rows rows = r.getResults(0).getRows();
        assertThat(rows.getColumnsList()).containsExactly("id", "name");
        assertThat(rows.getTypesList()).containsExactly("integer", "text");
        assertThat(values(rows)).containsExactly(List.of(1L, "fiona"), List.of(2L, "declan"));
        assertThat(describe(r).get(1)).isEqualTo("[3,1]");
        // a failing RETURNING statement in a transaction stops it
        BatchResult failed = db.execute(tx("INSERT INTO foo(name) VALUES('y')", "x").toBuilder()
                .setStatements(1, returning("INSERT INTO foo(id) VALUES(1) RETURNING *")).build());
        assertThat(describe(failed)).containsExactly("[4,1]", "error:UNIQUE constraint failed: foo.id");
        assertThat(select("SELECT count(*) FROM foo")).containsExactly(List.of(3L));
    }

    @Test
    void multiStatementStringsRunStatementByStatement() {
        BatchResult r = db.execute(batch(
                "CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO foo(name) VALUES('a');"
                        + " INSERT INTO foo(name) VALUES('b'), ('c');  -- done\n"));
        assertThat(describe(r)).containsExactly("[3,2]");
        BatchResult q = db.query(batch("SELECT 1; SELECT name FROM foo ORDER BY id DESC LIMIT 1"));
        assertThat(describe(q)).containsExactly("rows:[[c]]");
        // a trigger body with inner semicolons and a CASE … END stays one statement
        BatchResult t = db.execute(batch("""
                CREATE TABLE log(msg TEXT);
                CREATE TRIGGER tr AFTER INSERT ON foo BEGIN
                  INSERT INTO log VALUES(new.name);
                  UPDATE log SET msg = CASE WHEN msg = 'd' THEN 'D' ELSE msg END;
                END;
                INSERT INTO foo(name) VALUES('d')"""));
        assertThat(describe(t)).containsExactly("[4,1]");
        assertThat(select("SELECT msg FROM log")).containsExactly(List.of("D"));
    }

    @Test
    void emptyStatementsAreSkipped() {
        BatchResult r = db.execute(batch("", "   ", "-- nothing", "/* nothing */ ;", "CREATE TABLE foo(x)"));
        assertThat(describe(r)).containsExactly("[0,0]");
        assertThat(db.query(batch("", " ;; ")).getResultsCount()).isZero();
    }

    @Test
    void positionalAndNamedParametersWithEachPrefix() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)"));
        BatchResult r = db.execute(of(
                stmt("INSERT INTO foo(name, age) VALUES(?, ?)", "fiona", 20),
                stmt("INSERT INTO foo(name, age) VALUES(:name, :age)", Map.of("name", "colon", "age", 21)),
                stmt("INSERT INTO foo(name, age) VALUES(@name, @age)", Map.of("name", "at", "age", 22)),
                stmt("INSERT INTO foo(name, age) VALUES($name, $age)", Map.of("name", "dollar", "age", 23)),
                stmt("INSERT INTO foo(name, age) VALUES(?2, ?1)", 24, "numbered"),
                stmt("INSERT INTO foo(name, age) VALUES(?, :age)", "mixed", Map.of("age", 25)),
                stmt("INSERT INTO foo(name, age) VALUES(:n, :n)", Map.of("n", "same")),
                stmt("INSERT INTO foo(name, age) VALUES(?, ?)", "short")));
        assertThat(describe(r)).containsExactly("[1,1]", "[2,1]", "[3,1]", "[4,1]", "[5,1]", "[6,1]", "[7,1]",
                "error:not enough args to execute query: want 2 got 1");
        assertThat(select("SELECT name, age FROM foo ORDER BY id")).containsExactly(
                List.of("fiona", 20L), List.of("colon", 21L), List.of("at", 22L), List.of("dollar", 23L),
                List.of("numbered", 24L), List.of("mixed", 25L), List.of("same", "same"));
        BatchResult q = db.query(of(stmt("SELECT name FROM foo WHERE age > :min AND age < @max ORDER BY age",
                Map.of("min", 21, "max", 24))));
        assertThat(describe(q)).containsExactly("rows:[[at], [dollar]]");
    }

    @Test
    void aNamedParameterTheStatementDoesNotHaveBindsNothing() {
        BatchResult q = db.query(of(stmt("SELECT :a", Map.of("b", 1))));
        assertThat(q.getResults(0).getRows().getValues(0).getValues(0).hasInteger()).isFalse();
        assertThat(q.getResults(0).getRows().getTypesList()).containsExactly("");
    }

    @Test
    void parameterValueKinds() {
        db.execute(batch("CREATE TABLE t (a, b, c, d, e, f)"));
        byte[] blob = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0};
        BatchResult r = db.execute(of(stmt("INSERT INTO t VALUES(?, ?, ?, ?, ?, ?)",
                7L, 2.5, "text ü", blob, true, null)));
        assertThat(describe(r)).containsExactly("[1,1]");
        BatchResult q = db.query(batch("SELECT typeof(a), typeof(b), typeof(c), typeof(d), typeof(e), typeof(f),"
                + " a, b, c, hex(d), e FROM t"));
        assertThat(values(q.getResults(0).getRows())).containsExactly(List.of(
                "integer", "real", "text", "blob", "integer", "null", 7L, 2.5, "text ü", "DEADBEEF00", 1L));
        // a blob in a column with no declared type comes back as text bytes
        BatchResult raw = db.query(batch("SELECT d FROM t"));
        assertThat(raw.getResults(0).getRows().getValues(0).getValues(0).getText().toByteArray()).isEqualTo(blob);
    }

    @Test
    void statementsKeepWorkingAfterErrorsOnCachedStatements() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY)"));
        for (int i = 0; i < 3; i++) {
            BatchResult r = db.execute(of(stmt("INSERT INTO foo VALUES(?)", 1)));
            assertThat(describe(r)).containsExactly(i == 0 ? "[1,1]" : "error:UNIQUE constraint failed: foo.id");
        }
        assertThat(describe(db.execute(of(stmt("INSERT INTO foo VALUES(?)", 2))))).containsExactly("[2,1]");
    }

    @Test
    void executeTimeout() {
        Batch slow = batch("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000)"
                + " SELECT count(*) FROM c").toBuilder().setDbTimeoutMs(100).build();
        long t0 = System.nanoTime();
        BatchResult r = db.execute(slow);
        assertThat(describe(r)).containsExactly("error:execute timeout");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
        BatchResult q = db.query(slow);
        assertThat(describe(q)).containsExactly("error:query timeout");
        // a fast statement with a timeout is unaffected, and the handler is gone afterwards
        Batch fast = batch("CREATE TABLE t(x)", "INSERT INTO t VALUES(1)").toBuilder().setDbTimeoutMs(1000).build();
        assertThat(describe(db.execute(fast))).containsExactly("[0,0]", "[1,1]");
    }

    @Test
    void timeoutInsideTransactionRollsBack() {
        db.execute(batch("CREATE TABLE t(x)"));
        Batch b = tx("INSERT INTO t VALUES(1)",
                "INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000)"
                        + " SELECT x FROM c",
                "INSERT INTO t VALUES(3)").toBuilder().setDbTimeoutMs(100).build();
        assertThat(describe(db.execute(b))).containsExactly("[1,1]", "error:execute timeout");
        assertThat(select("SELECT count(*) FROM t")).containsExactly(List.of(0L));
        assertThat(describe(db.execute(batch("INSERT INTO t VALUES(9)")))).containsExactly("[1,1]");
    }

    @Test
    void executeResultFieldsForCreate() {
        ExecuteResult e = db.execute(batch("CREATE TABLE foo(x)")).getResults(0).getExecute();
        assertThat(e.getLastInsertId()).isZero();
        assertThat(e.getRowsAffected()).isZero();
    }
}
