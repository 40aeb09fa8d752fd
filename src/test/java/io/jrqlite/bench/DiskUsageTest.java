package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageTest {

    @Test
    void countsEveryFileInTheTree(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a"), new byte[1000]);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.write(dir.resolve("sub/deeper/b"), new byte[234]);
        assertThat(DiskUsage.bytes(dir)).isEqualTo(1234);
    }

    @Test
    void countsAHardLinkedFileOnce(@TempDir Path dir) throws Exception {
        Path snapshot1 = Files.createDirectories(dir.resolve("snapshot_1"));
        Path snapshot2 = Files.createDirectories(dir.resolve("snapshot_2"));
        Files.write(snapshot1.resolve("db.sqlite"), new byte[4096]);
        Files.createLink(snapshot2.resolve("db.sqlite"), snapshot1.resolve("db.sqlite"));
        Files.write(snapshot2.resolve("wal"), new byte[100]);
        assertThat(DiskUsage.bytes(dir)).isEqualTo(4196);
    }

    @Test
    void missingDirectoryIsEmpty(@TempDir Path dir) throws Exception {
        assertThat(DiskUsage.bytes(dir.resolve("nothing-here"))).isZero();
    }
}
