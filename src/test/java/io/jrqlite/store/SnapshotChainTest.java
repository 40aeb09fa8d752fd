package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain's files on real SQLite databases: a base and WALs saved from a live database, replayed in order. */
class SnapshotChainTest {

    @TempDir
    Path dir;

    @Test
    void namesAndTheNewestCommittedDirectory() throws Exception {
        Path snapshots = dir.resolve("snapshots");
        assertThat(SnapshotChain.latestCommitted(snapshots)).isEmpty();
        for (String d : new String[] {"snapshot_7", "snapshot_12", "snapshot_30", "temp"}) {
            Files.createDirectories(snapshots.resolve(d));
        }
        Files.createFile(snapshots.resolve("snapshot_7").resolve(SnapshotChain.RAFT_META));
        Files.createFile(snapshots.resolve("snapshot_12").resolve(SnapshotChain.RAFT_META));
        // snapshot_30 has no meta file: jraft never committed it
        assertThat(SnapshotChain.latestCommitted(snapshots)).contains(snapshots.resolve("snapshot_12"));

        Path d = snapshots.resolve("snapshot_12");
        assertThatThrownBy(() -> SnapshotChain.read(d)).hasMessageContaining("no chain manifest");
        for (String f : new String[] {"base-5.sqlite", "wal-9.wal", "wal-12.wal", "other.txt"}) {
            Files.createFile(d.resolve(f));
            Files.createFile(d.resolve(f + SnapshotChain.CRC_SUFFIX));
        }
        new SnapshotChain(d, 5, List.of(9L, 12L)).writeManifest();
        SnapshotChain chain = SnapshotChain.read(d);
        assertThat(chain.baseIndex()).isEqualTo(5);
        assertThat(chain.walIndexes()).containsExactly(9L, 12L);
        assertThat(chain.lastIndex()).isEqualTo(12);
        assertThat(chain.fileNames()).containsExactly("chain", "base-5.sqlite", "base-5.sqlite.crc32", "wal-9.wal",
                "wal-9.wal.crc32", "wal-12.wal", "wal-12.wal.crc32");

        Files.delete(d.resolve("wal-9.wal")); // a hole in the chain must not be skipped
        assertThatThrownBy(() -> SnapshotChain.read(d)).hasMessageContaining("missing wal-9.wal");
        Files.writeString(d.resolve("chain"), "base-5.sqlite\nwal-12.wal\n"); // cut short: no end line
        assertThatThrownBy(() -> SnapshotChain.read(d)).hasMessageContaining("incomplete manifest");
    }

    @Test
    void aBaseAndItsWalsRebuildTheDatabaseAndDamageIsCaught() throws Exception {
        Path live = dir.resolve("live.sqlite");
        Path snap = Files.createDirectories(dir.resolve("snap"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live)) {
            Statement s = c.createStatement();
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("CREATE TABLE t (v)");
            s.execute("INSERT INTO t VALUES (1)");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            SnapshotChain.copyWithChecksum(live, snap.resolve(SnapshotChain.baseName(1)));
            for (int round = 2; round <= 3; round++) {
                s.execute("INSERT INTO t VALUES (" + round + ")");
                s.execute("UPDATE t SET v = v * 10 WHERE v = 1"); // once: a page changed again in a later WAL
                SnapshotChain.copyWithChecksum(Path.of(live + "-wal"), snap.resolve(SnapshotChain.walName(round)));
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        new SnapshotChain(snap, 1, List.of(2L, 3L)).writeManifest();
        SnapshotChain chain = SnapshotChain.read(snap);
        assertThat(chain.walIndexes()).containsExactly(2L, 3L);

        Path rebuilt = dir.resolve("rebuilt.sqlite");
        chain.materialize(rebuilt);
        assertThat(values(rebuilt)).containsExactly(10L, 2L, 3L);
        assertThat(Path.of(rebuilt + "-wal")).doesNotExist();

        try (RandomAccessFile f = new RandomAccessFile(snap.resolve("wal-3.wal").toFile(), "rw")) {
            f.seek(f.length() - 10);
            f.write(0x5a);
        }
        assertThatThrownBy(() -> chain.materialize(dir.resolve("again.sqlite"))).hasMessageContaining("damaged");
        Files.delete(snap.resolve("wal-2.wal.crc32"));
        assertThatThrownBy(() -> chain.materialize(dir.resolve("again.sqlite")))
                .hasMessageContaining("no valid checksum");
    }

    private static List<Long> values(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT v FROM t ORDER BY rowid")) {
            java.util.ArrayList<Long> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }
}
