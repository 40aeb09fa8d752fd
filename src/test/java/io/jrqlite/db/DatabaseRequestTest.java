package io.jrqlite.db;

import static io.jrqlite.db.Batches.batch;
import static io.jrqlite.db.Batches.describe;
import static io.jrqlite.db.Batches.of;
import static io.jrqlite.db.Batches.returning;
import static io.jrqlite.db.Batches.stmt;
import static io.jrqlite.db.Batches.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.command.BatchResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseRequestTest {

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

    @Test
    void readsGiveRowsAndWritesGiveExecuteResults() {
        BatchResult r = db.request(of(
                stmt("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)"),
                stmt("INSERT INTO foo(name) VALUES(?)", "fiona"),
                stmt("SELECT * FROM foo"),
                stmt("EXPLAIN QUERY PLAN SELECT * FROM foo WHERE id = :id", Map.of("id", 1)),
                returning("INSERT INTO foo(name) VALUES('declan') RETURNING name"),
                stmt("SELECT count(*) FROM foo")));
        assertThat(describe(r)).hasSize(6);
        assertThat(describe(r).subList(0, 3)).containsExactly("[0,0]", "[1,1]", "rows:[[1, fiona]]");
        assertThat(r.getResults(3).hasRows()).isTrue();
        assertThat(describe(r).subList(4, 6)).containsExactly("rows:[[declan]]", "rows:[[2]]");
    }

    @Test
    void compileErrorsContinueEvenInATransaction() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)"));
        BatchResult r = db.request(tx(
                "INSERT INTO foo(name) VALUES('a')",
                "SELECT * FROM nosuch",
                "INSERT INTO foo(name) VALUES('b')",
                "SELECT count(*) FROM foo"));
        assertThat(describe(r)).containsExactly("[1,1]", "error:no such table: nosuch", "[2,1]", "rows:[[2]]");
        assertThat(describe(db.query(batch("SELECT count(*) FROM foo")))).containsExactly("rows:[[2]]");
    }

    @Test
    void executionErrorInATransactionStopsAndRollsBack() {
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)"));
        BatchResult r = db.request(tx(
                "INSERT INTO foo(id, name) VALUES(1, 'a')",
                "SELECT count(*) FROM foo",
                "INSERT INTO foo(id, name) VALUES(1, 'dup')",
                "INSERT INTO foo(name) VALUES('never')"));
        assertThat(describe(r)).containsExactly("[1,1]", "rows:[[1]]", "error:UNIQUE constraint failed: foo.id");
        assertThat(describe(db.query(batch("SELECT count(*) FROM foo")))).containsExactly("rows:[[0]]");
    }

    @Test
    void withoutTransactionErrorsDoNotStop() {
        BatchResult r = db.request(batch(
                "CREATE TABLE foo (id INTEGER PRIMARY KEY)",
                "INSERT INTO foo VALUES(1)",
                "INSERT INTO foo VALUES(1)",
                "SELECT id FROM foo"));
        assertThat(describe(r)).containsExactly("[0,0]", "[1,1]", "error:UNIQUE constraint failed: foo.id",
                "rows:[[1]]");
    }

    @Test
    void statementsSeeEarlierWritesOfTheSameTransaction() {
        BatchResult r = db.request(tx(
                "CREATE TABLE foo (id INTEGER PRIMARY KEY)",
                "INSERT INTO foo VALUES(7)",
                "SELECT id FROM foo"));
        assertThat(describe(r)).containsExactly("[0,0]", "[7,1]", "rows:[[7]]");
    }

    @Test
    void multiStatementStringClassifiedAsAWhole() {
        BatchResult r = db.request(batch(
                "CREATE TABLE foo (id INTEGER PRIMARY KEY); INSERT INTO foo VALUES(3)",
                "SELECT 1; SELECT id FROM foo"));
        assertThat(describe(r)).containsExactly("[3,1]", "rows:[[3]]");
    }
}
