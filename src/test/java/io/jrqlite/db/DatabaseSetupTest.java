package io.jrqlite.db;

import static io.jrqlite.db.Batches.batch;
import static io.jrqlite.db.Batches.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.command.BatchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, pragmas, stats, the read-only pool and the in-memory database. */
class DatabaseSetupTest {

    @TempDir
    Path dir;

    @Test
    void pragmasHaveExactlyRqlitesValues() throws Exception {
        try (Database db = Database.open(DbConfig.onDisk(dir.resolve("db.sqlite")))) {
            assertThat(db.pragmas(true)).isEqualTo(Map.of("busy_timeout", "5000", "foreign_keys", "0",
                    "journal_mode", "wal", "synchronous", "0", "wal_autocheckpoint", "0"));
            assertThat(db.pragmas(false)).isEqualTo(Map.of("busy_timeout", "5000", "foreign_keys", "0",
                    "journal_mode", "wal", "synchronous", "0", "wal_autocheckpoint", "1000"));
        }
    }

    @Test
    void foreignKeysOn() throws Exception {
        try (Database db = Database.open(new DbConfig(dir.resolve("db.sqlite"), true, 0))) {
            assertThat(db.pragmas(true)).containsEntry("foreign_keys", "1");
            assertThat(db.pragmas(false)).containsEntry("foreign_keys", "1");
            BatchResult r = db.execute(batch("CREATE TABLE p (id INTEGER PRIMARY KEY)",
                    "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id))",
                    "INSERT INTO c(p) VALUES(1)", "INSERT INTO p VALUES(1)", "INSERT INTO c(p) VALUES(1)"));
            assertThat(describe(r)).containsExactly("[0,0]", "[0,0]", "error:FOREIGN KEY constraint failed",
                    "[1,1]", "[1,1]");
        }
    }

    @Test
    void statsAndPing() throws Exception {
        Path file = dir.resolve("sub/db.sqlite");
        try (Database db = Database.open(DbConfig.onDisk(file))) {
            db.execute(batch("CREATE TABLE t(x)", "INSERT INTO t VALUES(randomblob(10000))"));
            assertThat(db.ping()).isTrue();
            DbStats s = db.stats();
            assertThat(s.path()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(s.size()).isGreaterThan(10000);
            assertThat(s.walSize()).isGreaterThan(10000); // no automatic checkpoints on the write connection
            assertThat(s.dbSize()).isEqualTo(Files.size(file));
            assertThat(s.version()).startsWith("3.");
            assertThat(s.compileOptions()).isNotEmpty();
            assertThat(s.rwDsn()).contains("db.sqlite").endsWith("mode=rw");
            assertThat(s.roDsn()).endsWith("mode=ro");
            assertThat(s.connPoolStats().max()).isEqualTo(DbConfig.DEFAULT_MAX_READ_ONLY_CONNECTIONS);
            assertThat(s.connPoolStats().open()).isEqualTo(1);
            assertThat(s.connPoolStats().idle()).isEqualTo(1);
            assertThat(s.lastModified()).isNotNull();
        }
    }

    @Test
    void readOnlyConnectionsAreOpenedLazilyAndCapped() throws Exception {
        try (Database db = Database.open(new DbConfig(dir.resolve("db.sqlite"), false, 2))) {
            assertThat(db.stats().connPoolStats().open()).isEqualTo(1); // stats itself needed one
            db.execute(batch("CREATE TABLE t(x)", "INSERT INTO t VALUES(1)"));
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<BatchResult>> fs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    fs.add(pool.submit(() -> db.query(batch("SELECT count(*) FROM t"))));
                }
                for (Future<BatchResult> f : fs) {
                    assertThat(describe(f.get())).containsExactly("rows:[[1]]");
                }
            } finally {
                pool.shutdown();
            }
            DbStats.PoolStats ps = db.stats().connPoolStats();
            assertThat(ps.open()).isBetween(1, 2);
            assertThat(ps.idle()).isEqualTo(ps.open());
            assertThat(ps.max()).isEqualTo(2);
        }
    }

    @Test
    void inMemoryReadersSeeCommittedWrites() throws Exception {
        try (Database db = Database.open(DbConfig.inRam())) {
            assertThat(db.path()).isEqualTo(":memory:");
            assertThat(describe(db.execute(batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)",
                    "INSERT INTO t(name) VALUES(\"fiona\")")))).containsExactly("[0,0]", "[1,1]");
            assertThat(describe(db.query(batch("SELECT * FROM t")))).containsExactly("rows:[[1, fiona]]");
            // a write transaction left open is invisible to readers, who wait for it rather than fail
            db.execute(batch("BEGIN", "INSERT INTO t(name) VALUES('pending')"));
            ExecutorService ex = Executors.newSingleThreadExecutor();
            try {
                Future<BatchResult> read = ex.submit(() -> db.query(batch("SELECT count(*) FROM t")));
                Thread.sleep(100);
                db.execute(batch("COMMIT"));
                assertThat(describe(read.get())).containsAnyOf("rows:[[1]]", "rows:[[2]]");
            } finally {
                ex.shutdown();
            }
            assertThat(describe(db.query(batch("SELECT count(*) FROM t")))).containsExactly("rows:[[2]]");
            Map<String, String> rw = db.pragmas(true);
            assertThat(rw).containsEntry("journal_mode", "memory").containsEntry("synchronous", "0")
                    .containsEntry("busy_timeout", "5000").containsEntry("wal_autocheckpoint", "0");
            assertThat(db.pragmas(false)).containsEntry("wal_autocheckpoint", "1000");
            DbStats s = db.stats();
            assertThat(s.path()).isEqualTo(":memory:");
            assertThat(s.size()).isPositive();
            assertThat(s.rwDsn()).contains("vfs=memdb");
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void inMemoryDatabasesAreSeparate() throws Exception {
        try (Database a = Database.open(DbConfig.inRam()); Database b = Database.open(DbConfig.inRam())) {
            a.execute(batch("CREATE TABLE only_in_a(x)"));
            assertThat(describe(b.query(batch("SELECT * FROM only_in_a"))))
                    .containsExactly("error:no such table: only_in_a");
        }
    }

    @Test
    void concurrentReadsDuringGroupedWrites() throws Exception {
        for (DbConfig cfg : List.of(DbConfig.onDisk(dir.resolve("c.sqlite")), DbConfig.inRam())) {
            try (Database db = Database.open(cfg)) {
                db.execute(batch("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER)"));
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService ex = Executors.newFixedThreadPool(2);
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(ex.submit(() -> {
                        int n = 0;
                        while (!stop.get()) {
                            // every request writes a and b together: a reader never sees them differ
                            BatchResult q = db.query(batch("SELECT count(*), coalesce(sum(a) - sum(b), 0) FROM t"));
                            assertThat(q.getResults(0).getRows().getError()).isEmpty();
                            assertThat(q.getResults(0).getRows().getValues(0).getValues(1).getInteger()).isZero();
                            n++;
                        }
                        return n;
                    }));
                }
                for (int g = 0; g < 100; g++) {
                    List<Work> works = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        works.add(Work.execute(batch("INSERT INTO t(a, b) VALUES(1, 0)", "UPDATE t SET b = 1 WHERE b = 0")));
                    }
                    db.applyGroup(works);
                }
                stop.set(true);
                for (Future<Integer> f : readers) {
                    assertThat(f.get()).isPositive();
                }
                ex.shutdown();
                assertThat(describe(db.query(batch("SELECT count(*) FROM t")))).containsExactly("rows:[[500]]");
            }
        }
    }

    @Test
    void closedDatabaseRefusesWork() throws Exception {
        Database db = Database.open(DbConfig.onDisk(dir.resolve("db.sqlite")));
        db.close();
        db.close();
        assertThat(db.ping()).isFalse();
        assertThat(db.query(batch("SELECT 1")).getError()).isEqualTo("database is closed");
    }
}
