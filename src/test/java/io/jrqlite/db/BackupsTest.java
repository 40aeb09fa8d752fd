package io.jrqlite.db;

import io.jrqlite.command.BackupFormat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsTest {

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(DbConfig.onDisk(dir.resolve("db.sqlite")));
        db.execute(Batches.batch(
                "CREATE TABLE foo (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, r REAL, b BLOB)",
                "INSERT INTO foo(name, r, b) VALUES('fiona', 1.5, x'DEADBEEF')",
                "INSERT INTO foo(name, r, b) VALUES('it''s', NULL, NULL)",
                "CREATE TABLE \"odd name\" (v)",
                "INSERT INTO \"odd name\" VALUES('x')",
                "CREATE INDEX foo_name ON foo(name)",
                "CREATE VIEW v AS SELECT name FROM foo"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void binaryCopyIsAConsistentDatabaseInWalMode() throws Exception {
        Path copy = dir.resolve("copy.sqlite");
        db.backup(copy, BackupFormat.BINARY, List.of());
        byte[] header = Files.readAllBytes(copy);
        assertThat(new String(header, 0, 15)).isEqualTo("SQLite format 3");
        assertThat(header[18]).isEqualTo((byte) 2);
        assertThat(header[19]).isEqualTo((byte) 2);
        assertThat(count(copy, "SELECT COUNT(*) FROM foo")).isEqualTo(2);
    }

    @Test
    void deleteModeCopySaysRollbackJournal() throws Exception {
        Path copy = dir.resolve("copy.sqlite");
        db.backup(copy, BackupFormat.DELETE, List.of());
        byte[] header = Files.readAllBytes(copy);
        assertThat(header[18]).isEqualTo((byte) 1);
        assertThat(count(copy, "SELECT COUNT(*) FROM \"odd name\"")).isEqualTo(1);
    }

    @Test
    void sqlDumpRebuildsTheDatabase() throws Exception {
        Path dump = dir.resolve("dump.sql");
        db.backup(dump, BackupFormat.SQL, List.of());
        String sql = Files.readString(dump);
        assertThat(sql).startsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n")
                .contains("INSERT INTO \"foo\" VALUES(1,'fiona',1.5,X'DEADBEEF');\n")
                .contains("INSERT INTO \"foo\" VALUES(2,'it''s',NULL,NULL);\n")
                .contains("DELETE FROM \"sqlite_sequence\";\n")
                .contains("CREATE INDEX foo_name ON foo(name);\n")
                .endsWith("COMMIT;\n");
        Path rebuilt = dir.resolve("rebuilt.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + rebuilt)) {
            c.createStatement().executeUpdate(sql);
        }
        assertThat(count(rebuilt, "SELECT COUNT(*) FROM foo WHERE b = x'DEADBEEF'")).isEqualTo(1);
        assertThat(count(rebuilt, "SELECT COUNT(*) FROM v")).isEqualTo(2);
    }

    @Test
    void sqlDumpOfChosenTables() throws Exception {
        Path dump = dir.resolve("dump.sql");
        db.backup(dump, BackupFormat.SQL, List.of("odd name"));
        String sql = Files.readString(dump);
        assertThat(sql).contains("INSERT INTO \"odd name\" VALUES('x');").doesNotContain("fiona");
    }

    @Test
    void aDatabaseInRamIsCopiedToDisk() throws Exception {
        try (Database ram = Database.open(DbConfig.inRam())) {
            ram.execute(Batches.batch("CREATE TABLE t (v)", "INSERT INTO t VALUES(1)", "INSERT INTO t VALUES(2)"));
            Path copy = dir.resolve("ram copy.sqlite");
            ram.backup(copy, BackupFormat.BINARY, List.of());
            assertThat(count(copy, "SELECT COUNT(*) FROM t")).isEqualTo(2);
        }
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
