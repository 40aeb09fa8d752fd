package io.jrqlite.db;

import static io.jrqlite.db.Batches.batch;
import static io.jrqlite.db.Batches.stmt;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Database#isReadOnly} against what {@code sqlite3_stmt_readonly()} answers (checked with a small C
 * program against libsqlite3), except that EXPLAIN counts as read-only (rqlite's rule).
 */
class ReadOnlyClassifierTest {

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(DbConfig.onDisk(dir.resolve("db.sqlite")));
        db.execute(batch("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)",
                "CREATE VIEW v AS SELECT * FROM foo",
                "CREATE VIRTUAL TABLE ft USING fts5(x)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SELECT * FROM foo | true",
            "select 1 | true",
            "  /* c */ SELECT 1 | true",
            "VALUES(1, 2) | true",
            "WITH c AS (SELECT 1 AS x) SELECT * FROM c | true",
            "SELECT * FROM v | true",
            "SELECT * FROM ft WHERE ft MATCH 'hello' | true",
            "INSERT INTO foo(name) VALUES('a') | false",
            "INSERT INTO foo(name) VALUES('a') RETURNING id | false",
            "REPLACE INTO foo VALUES(1, 'x') | false",
            "UPDATE foo SET name = 'b' | false",
            "DELETE FROM foo | false",
            "DELETE FROM foo WHERE 0 | false",
            "CREATE TABLE bar(x) | false",
            "CREATE TABLE IF NOT EXISTS foo(x) | false",
            "CREATE TEMP TABLE tt(x) | false",
            "CREATE INDEX i1 ON foo(name) | false",
            "CREATE VIEW v2 AS SELECT 1 | false",
            "CREATE TRIGGER tr AFTER INSERT ON foo BEGIN SELECT 1; END | false",
            "DROP TABLE foo | false",
            "DROP TABLE IF EXISTS nosuch | false",
            "ALTER TABLE foo ADD COLUMN z | false",
            "WITH c AS (SELECT 1 AS x) INSERT INTO foo(name) SELECT x FROM c | false",
            "INSERT INTO ft(x) VALUES('hello') | false",
            "PRAGMA table_info(foo) | true",
            "PRAGMA foreign_keys | true",
            "PRAGMA foreign_keys = ON | true",
            "PRAGMA user_version | true",
            "PRAGMA user_version = 5 | false",
            "PRAGMA journal_mode | false",
            "PRAGMA journal_mode = DELETE | false",
            "PRAGMA wal_checkpoint | false",
            "PRAGMA integrity_check | true",
            "EXPLAIN INSERT INTO foo(name) VALUES('a') | true",
            "EXPLAIN QUERY PLAN SELECT * FROM foo | true",
            "BEGIN | true",
            "BEGIN IMMEDIATE | false",
            "COMMIT | true",
            "END | true",
            "ROLLBACK | true",
            "SAVEPOINT s1 | true",
            "RELEASE s1 | true",
            "ATTACH ':memory:' AS m | true",
            "DETACH m | true",
            "VACUUM | false",
            "ANALYZE | false",
            "REINDEX | false",
            "SELECT 1; INSERT INTO foo(name) VALUES('a') | false",
            "SELECT * FROM nosuch | false",
            "INSERT INTO nosuch VALUES(1) | false",
            "blah | false",
    })
    void classifiesLikeSqlite(String sql, boolean readOnly) {
        assertThat(db.isReadOnly(stmt(sql))).as(sql).isEqualTo(readOnly);
        // the cached verdict is the same
        assertThat(db.isReadOnly(stmt(sql))).as(sql).isEqualTo(readOnly);
    }
}
