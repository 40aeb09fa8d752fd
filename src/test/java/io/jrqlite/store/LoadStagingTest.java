package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.jrqlite.command.LoadChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadStagingTest {

    @TempDir
    Path dir;

    private static LoadChunk piece(String id, long offset, String data, boolean last) {
        return LoadChunk.newBuilder().setId(id).setOffset(offset)
                .setData(ByteString.copyFrom(data, StandardCharsets.US_ASCII)).setLast(last).build();
    }

    @Test
    void piecesMakeTheFileAndAReplayMakesTheSameFile() throws Exception {
        LoadStaging staging = new LoadStaging(dir);
        staging.clear();
        for (int run = 0; run < 2; run++) { // the second run is a replay over the leftovers of the first
            assertThat(staging.apply(piece("a", 0, "hello ", false), 10)).isEmpty();
            assertThat(staging.active(11)).isTrue();
            assertThat(staging.apply(piece("a", 6, "wor", false), 12)).isEmpty();
            Optional<Path> file = staging.apply(piece("a", 9, "ld", true), 13);
            assertThat(file).isPresent();
            assertThat(Files.readString(file.get())).isEqualTo("hello world");
            assertThat(staging.active(14)).isFalse();
        }
    }

    @Test
    void aShorterReplayDoesNotKeepALongerLeftover() throws Exception {
        LoadStaging staging = new LoadStaging(dir);
        staging.clear();
        staging.apply(piece("b", 0, "0123456789", false), 1);
        Optional<Path> file = staging.apply(piece("b", 0, "abc", true), 2);
        assertThat(Files.readString(file.orElseThrow())).isEqualTo("abc");
    }

    @Test
    void abortedAndAbandonedLoadsAreDroppedTheSameWayEverywhere() throws Exception {
        LoadStaging staging = new LoadStaging(dir);
        staging.clear();
        staging.apply(piece("c", 0, "x", false), 1);
        staging.apply(LoadChunk.newBuilder().setId("c").setAbort(true).build(), 2);
        assertThat(staging.active(3)).isFalse();
        assertThatThrownBy(() -> staging.apply(piece("c", 1, "y", true), 4))
                .isInstanceOf(LoadStaging.AbandonedLoadException.class);

        long late = 5 + LoadStaging.ABANDON_AFTER_ENTRIES + 1;
        staging.apply(piece("d", 0, "x", false), 5);
        assertThat(staging.active(late - 1)).isTrue();
        assertThat(staging.active(late)).isFalse();
        // A node that cleaned up first and one that did not decide the same for the next piece.
        LoadStaging cleaned = new LoadStaging(dir.resolve("other"));
        cleaned.clear();
        cleaned.apply(piece("d", 0, "x", false), 5);
        cleaned.dropAbandoned(late);
        assertThatThrownBy(() -> staging.apply(piece("d", 1, "y", true), late))
                .isInstanceOf(LoadStaging.AbandonedLoadException.class);
        assertThatThrownBy(() -> cleaned.apply(piece("d", 1, "y", true), late))
                .isInstanceOf(LoadStaging.AbandonedLoadException.class);
    }

    @Test
    void aStartClearsLeftoversAndIdsCannotEscapeTheDirectory() throws Exception {
        LoadStaging staging = new LoadStaging(dir);
        staging.clear();
        Files.writeString(dir.resolve("load-staging").resolve("old.part"), "stale");
        new LoadStaging(dir).clear();
        try (var left = Files.list(dir.resolve("load-staging"))) {
            assertThat(left).isEmpty();
        }
        Optional<Path> file = staging.apply(piece("../../evil", 0, "z", true), 1);
        assertThat(file.orElseThrow().getParent()).isEqualTo(dir.resolve("load-staging"));
    }
}
