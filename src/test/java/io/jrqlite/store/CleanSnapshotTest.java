package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void writtenFingerprintReadsBackAndMatchesOnlyTheUnchangedFile() throws Exception {
        Path db = dir.resolve("db.sqlite");
        Files.write(db, new byte[8192]);
        CleanSnapshot taken = CleanSnapshot.of(db, 42);
        taken.write(dir);

        assertThat(Files.readString(dir.resolve(CleanSnapshot.FILE)))
                .startsWith("{\"mod_time\":\"").contains("\"size\":8192,\"crc32\":0,\"index\":42}");
        CleanSnapshot read = CleanSnapshot.read(dir).orElseThrow();
        assertThat(read).isEqualTo(taken);
        assertThat(read.matches(db)).isTrue();

        Files.setLastModifiedTime(db, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertThat(read.matches(db)).as("touched").isFalse();
        Files.setLastModifiedTime(db, FileTime.from(read.modTime()));
        assertThat(read.matches(db)).isTrue();
        Files.write(db, new byte[4096]);
        Files.setLastModifiedTime(db, FileTime.from(read.modTime()));
        assertThat(read.matches(db)).as("truncated").isFalse();
        Files.delete(db);
        assertThat(read.matches(db)).as("gone").isFalse();
    }

    @Test
    void aChecksumCatchesDamageThatKeepsSizeAndTime() throws Exception {
        Path db = dir.resolve("db.sqlite");
        Files.write(db, new byte[4096]);
        CleanSnapshot sealed = CleanSnapshot.of(db, 7).withChecksum(db);
        sealed.write(dir);
        CleanSnapshot read = CleanSnapshot.read(dir).orElseThrow();
        assertThat(read.crc32()).isNotZero().isEqualTo(sealed.crc32());
        assertThat(read.contentMatches(db)).isTrue();
        byte[] damaged = new byte[4096];
        damaged[100] = 1;
        Files.write(db, damaged);
        assertThat(read.contentMatches(db)).isFalse();
        assertThat(CleanSnapshot.of(db, 7).contentMatches(db)).as("no checksum: nothing to compare").isTrue();
    }

    @Test
    void missingOrDamagedFingerprintsAreAbsent() throws Exception {
        assertThat(CleanSnapshot.read(dir)).isEmpty();
        for (String bad : new String[] {"", "{", "[]", "{\"mod_time\":\"x\",\"size\":1,\"index\":1}",
                "{\"mod_time\":\"2026-01-01T00:00:00Z\",\"size\":1}"}) {
            Files.writeString(dir.resolve(CleanSnapshot.FILE), bad);
            assertThat(CleanSnapshot.read(dir)).as(bad).isEmpty();
        }
        CleanSnapshot.delete(dir);
        assertThat(dir.resolve(CleanSnapshot.FILE)).doesNotExist();
    }

    @Test
    void rqlitesFieldsAloneAreNotEnough() throws Exception {
        // rqlite's own file has no index: it must not be trusted for a snapshot it may not describe.
        Files.writeString(dir.resolve(CleanSnapshot.FILE),
                "{\"mod_time\":\"2026-01-01T00:00:00.123456789Z\",\"size\":4096,\"crc32\":77}");
        assertThat(CleanSnapshot.read(dir)).isEmpty();
    }
}
