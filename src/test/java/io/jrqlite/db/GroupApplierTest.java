package io.jrqlite.db;

import static io.jrqlite.db.Batches.batch;
import static io.jrqlite.db.Batches.describe;
import static io.jrqlite.db.Batches.of;
import static io.jrqlite.db.Batches.returning;
import static io.jrqlite.db.Batches.stmt;
import static io.jrqlite.db.Batches.timeless;
import static io.jrqlite.db.Batches.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit must give exactly the results and the data of applying the same requests one by one. Each
 * test runs the same sequence of groups on two databases, grouped on one and one by one on the other.
 */
class GroupApplierTest {

    private static final String SCHEMA = """
            CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
            CREATE TABLE audit (id INTEGER PRIMARY KEY, msg TEXT);
            CREATE TABLE guarded (id INTEGER PRIMARY KEY, v INTEGER);
            CREATE TRIGGER no_negatives BEFORE INSERT ON guarded WHEN new.v < 0
              BEGIN SELECT RAISE(ROLLBACK, 'negative'); END;
            INSERT INTO foo(name) VALUES('seed')""";

    @TempDir
    Path dir;
    Database grouped;
    Database single;

    @BeforeEach
    void open() throws Exception {
        grouped = Database.open(DbConfig.onDisk(dir.resolve("grouped.sqlite")));
        single = Database.open(DbConfig.onDisk(dir.resolve("single.sqlite")));
        for (Database db : List.of(grouped, single)) {
            assertThat(describe(db.execute(batch(SCHEMA)))).containsExactly("[1,1]");
        }
    }

    @AfterEach
    void close() {
        grouped.close();
        single.close();
    }

    private static BatchResult applyAlone(Database db, Work w) {
        return switch (w.kind()) {
            case EXECUTE -> db.execute(w.batch());
            case QUERY -> db.query(w.batch());
            case REQUEST -> db.request(w.batch());
        };
    }

    /** Applies {@code works} both ways and checks results and data are identical; returns the results. */
    private List<BatchResult> applyBoth(Work... works) {
        List<BatchResult> g = grouped.applyGroup(List.of(works));
        List<BatchResult> s = new ArrayList<>();
        for (Work w : works) {
            s.add(applyAlone(single, w));
        }
        assertThat(g.stream().map(Batches::timeless).toList())
                .isEqualTo(s.stream().map(Batches::timeless).toList());
        assertThat(dump(grouped)).isEqualTo(dump(single));
        // both databases stay in autocommit mode: a transaction can be started
        assertThat(describe(grouped.execute(tx("SELECT 1")))).hasSize(1);
        single.execute(tx("SELECT 1"));
        return g;
    }

    private static List<String> dump(Database db) {
        return describe(db.query(batch("SELECT * FROM foo ORDER BY id", "SELECT * FROM audit ORDER BY id",
                "SELECT * FROM guarded ORDER BY id")));
    }

    @Test
    void mixedRequestsAreGroupedWithIdenticalResults() {
        List<BatchResult> r = applyBoth(
                Work.execute(batch("INSERT INTO foo(name) VALUES('a')", "INSERT INTO audit(msg) VALUES('a')")),
                Work.execute(batch("CREATE INDEX idx ON audit(msg)")), // sticky numbers from the request before
                Work.query(batch("SELECT name FROM foo ORDER BY id", "INSERT INTO foo(name) VALUES('q')")),
                Work.request(of(stmt("INSERT INTO foo(name) VALUES(?)", "b"), stmt("SELECT count(*) FROM foo"),
                        returning("UPDATE foo SET name = name || '!' WHERE name = 'b' RETURNING id, name"))),
                Work.execute(tx("INSERT INTO foo(name) VALUES('c')", "INSERT INTO foo(name) VALUES('a')")),
                Work.execute(batch("INSERT INTO foo(name) VALUES('a')", "INSERT INTO foo(name) VALUES('d')")),
                Work.request(tx("INSERT INTO audit(msg) VALUES('x')", "SELECT * FROM nosuch",
                        "INSERT INTO audit(msg) VALUES('y')")),
                Work.execute(batch("DROP INDEX idx", "UPDATE foo SET name = upper(name) WHERE id > 1")));
        assertThat(describe(r.get(1))).containsExactly("[1,1]");
        assertThat(describe(r.get(2))).containsExactly("rows:[[seed], [a]]",
                "error:attempt to change database via query operation");
        assertThat(describe(r.get(4))).containsExactly("[4,1]", "error:UNIQUE constraint failed: foo.name");
        assertThat(grouped.group().grouped).isEqualTo(1);
        assertThat(grouped.group().redone).isZero();
    }

    @Test
    void insertOrRollbackInTheMiddleIsRedoneOneByOne() {
        applyBoth(Work.execute(batch("INSERT INTO foo(name) VALUES('first')")));
        List<BatchResult> r = applyBoth(
                Work.execute(batch("CREATE INDEX idx ON audit(msg)")), // reports the sticky numbers of before
                Work.execute(batch("INSERT INTO foo(name) VALUES('a')")),
                Work.execute(batch("INSERT INTO audit(msg) VALUES('kept')", "INSERT OR ROLLBACK INTO foo(name) VALUES('a')",
                        "INSERT INTO audit(msg) VALUES('after')")),
                Work.execute(batch("INSERT INTO foo(name) VALUES('b')")));
        assertThat(describe(r.get(0))).containsExactly("[2,1]");
        assertThat(describe(r.get(2))).containsExactly("[1,1]", "error:UNIQUE constraint failed: foo.name",
                "[2,1]");
        assertThat(grouped.group().redone).isEqualTo(1);
    }

    @Test
    void raiseRollbackInATriggerIsRedoneOneByOne() {
        List<BatchResult> r = applyBoth(
                Work.execute(batch("INSERT INTO guarded(v) VALUES(1)")),
                Work.execute(tx("INSERT INTO guarded(v) VALUES(2)", "INSERT INTO guarded(v) VALUES(-1)",
                        "INSERT INTO guarded(v) VALUES(3)")),
                Work.request(batch("INSERT INTO guarded(v) VALUES(-5)", "SELECT count(*) FROM guarded")),
                Work.execute(batch("INSERT INTO guarded(v) VALUES(4)")));
        assertThat(describe(r.get(1))).containsExactly("[2,1]", "error:negative");
        assertThat(describe(r.get(2))).containsExactly("error:negative", "rows:[[1]]");
        assertThat(grouped.group().redone).isEqualTo(1);
    }

    @Test
    void transactionControlAndPragmasAreNotGrouped() {
        applyBoth(
                Work.execute(batch("INSERT INTO foo(name) VALUES('a')")),
                Work.execute(batch("BEGIN", "INSERT INTO foo(name) VALUES('b')", "COMMIT")));
        applyBoth(
                Work.execute(batch("INSERT INTO foo(name) VALUES('c')")),
                Work.request(batch("PRAGMA user_version = 3", "PRAGMA user_version")));
        applyBoth(
                Work.execute(batch("SAVEPOINT x", "INSERT INTO foo(name) VALUES('d')", "RELEASE x")),
                Work.query(batch("SELECT count(*) FROM foo")));
        assertThat(grouped.group().notGroupable).isEqualTo(3);
        assertThat(grouped.group().grouped).isZero();
    }

    @Test
    void aTransactionLeftOpenByAnEarlierRequestFallsBack() {
        applyBoth(Work.execute(batch("BEGIN", "INSERT INTO foo(name) VALUES('open')")));
        List<BatchResult> r = applyBoth(
                Work.execute(batch("INSERT INTO foo(name) VALUES('a')")),
                Work.execute(batch("COMMIT")));
        assertThat(describe(r.get(1))).containsExactly("[3,1]");
    }

    @Test
    void dbTimeoutIsNotGrouped() {
        Batch b = batch("INSERT INTO foo(name) VALUES('t')").toBuilder().setDbTimeoutMs(5000).build();
        applyBoth(Work.execute(b), Work.execute(batch("INSERT INTO foo(name) VALUES('u')")));
        assertThat(grouped.group().notGroupable).isEqualTo(1);
    }

    @Test
    void deferredForeignKeysAreNotGrouped() throws Exception {
        grouped.close();
        single.close();
        grouped = Database.open(new DbConfig(dir.resolve("g2.sqlite"), true, 4));
        single = Database.open(new DbConfig(dir.resolve("s2.sqlite"), true, 4));
        for (Database db : List.of(grouped, single)) {
            db.execute(batch(SCHEMA));
            db.execute(batch("CREATE TABLE parent (id INTEGER PRIMARY KEY)",
                    "CREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent(id)"
                            + " DEFERRABLE INITIALLY DEFERRED)"));
        }
        List<BatchResult> r = applyBoth(
                Work.execute(batch("INSERT INTO child(p) VALUES(1)")),
                Work.execute(batch("INSERT INTO parent(id) VALUES(1)")));
        assertThat(describe(r.get(0))).containsExactly("error:FOREIGN KEY constraint failed");
        assertThat(grouped.group().notGroupable).isEqualTo(1);
        // immediate foreign keys are grouped and fail per statement as usual
        for (Database db : List.of(grouped, single)) {
            db.execute(batch("DROP TABLE child", "CREATE TABLE child2 (id INTEGER PRIMARY KEY,"
                    + " p INTEGER REFERENCES parent(id))"));
        }
        List<BatchResult> r2 = applyBoth(
                Work.execute(batch("INSERT INTO child2(p) VALUES(2)")),
                Work.execute(batch("INSERT INTO child2(p) VALUES(1)")));
        assertThat(describe(r2.get(0))).containsExactly("error:FOREIGN KEY constraint failed");
        assertThat(describe(r2.get(1))).containsExactly("[1,1]");
        assertThat(grouped.group().grouped).isEqualTo(1);
    }

    @Test
    void stickyNumbersAfterARedoMatchEvenWithZeroChanges() {
        applyBoth(Work.execute(batch("INSERT INTO foo(name) VALUES('x')", "UPDATE foo SET name = 'y' WHERE 0")));
        List<BatchResult> r = applyBoth(
                Work.execute(batch("CREATE TABLE t1(x)")),
                Work.execute(batch("INSERT OR ROLLBACK INTO foo(name) VALUES('x')")),
                Work.execute(batch("CREATE TABLE t2(x)")));
        assertThat(describe(r.get(0))).containsExactly("[2,0]");
        assertThat(grouped.group().redone).isEqualTo(1);
    }

    @Test
    void manyGroupsInARow() {
        for (int g = 0; g < 20; g++) {
            List<Work> works = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "n" + (g * 8 + i) % 50; // duplicates appear after a while
                works.add(i % 3 == 0
                        ? Work.request(of(stmt("INSERT INTO foo(name) VALUES(?)", name),
                                stmt("SELECT max(id) FROM foo")))
                        : Work.execute(batch("INSERT INTO foo(name) VALUES('" + name + "')",
                                "INSERT INTO audit(msg) VALUES('" + name + "')")));
            }
            applyBoth(works.toArray(Work[]::new));
        }
        assertThat(grouped.group().grouped).isEqualTo(20);
    }
}
