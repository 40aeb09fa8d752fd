package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jrqlite.command.BackupOffer;
import io.jrqlite.command.BackupPiece;
import io.jrqlite.command.BackupPieceRequest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader's side of a backup through a follower: offers read in pieces, and deleted when done or idle. */
class BackupTransferTest {

    @TempDir
    Path dir;
    private final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private Path fileOf(int size) throws Exception {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31);
        }
        return Files.write(Files.createTempFile(dir, "backup-", ".tmp"), data);
    }

    private static byte[] piece(BackupTransfer t, String id, long offset) throws Exception {
        byte[] ask = BackupPieceRequest.newBuilder().setId(id).setOffset(offset).build().toByteArray();
        return BackupPiece.parseFrom(t.piece(ask).get()).getData().toByteArray();
    }

    @Test
    void anOfferIsReadInPiecesAndDeletedAfterTheLast() throws Exception {
        int size = 2 * BackupTransfer.PIECE_BYTES + 1000;
        Path file = fileOf(size);
        byte[] expected = Files.readAllBytes(file);
        try (BackupTransfer t = new BackupTransfer(io, Duration.ofSeconds(60))) {
            BackupOffer offer = t.offer(file);
            assertThat(offer.getSize()).isEqualTo(size);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int pieces = 0;
            while (got.size() < size) {
                byte[] p = piece(t, offer.getId(), got.size());
                assertThat(p.length).isLessThanOrEqualTo(BackupTransfer.PIECE_BYTES).isPositive();
                got.write(p);
                pieces++;
            }
            assertThat(pieces).isEqualTo(3);
            assertThat(got.toByteArray()).isEqualTo(expected);
            assertThat(file).doesNotExist();
            assertThat(t.offers()).isZero();
            assertThatThrownBy(() -> piece(t, offer.getId(), 0)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("not found");
        }
    }

    @Test
    void idleOffersAreDeletedWhetherPartlyReadOrNot() throws Exception {
        Path idle = fileOf(10);
        Path read = fileOf(BackupTransfer.PIECE_BYTES + 10);
        try (BackupTransfer t = new BackupTransfer(io, Duration.ofMillis(300))) {
            t.offer(idle);
            String id = t.offer(read).getId();
            assertThat(piece(t, id, 0)).hasSize(BackupTransfer.PIECE_BYTES);
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(idle) && !Files.exists(read));
            assertThat(t.offers()).isZero();
        }
    }

    @Test
    void closingDeletesEveryOffer() throws Exception {
        Path file = fileOf(100);
        BackupTransfer t = new BackupTransfer(io, Duration.ofSeconds(60));
        t.offer(file);
        t.close();
        assertThat(file).doesNotExist();
        assertThat(t.offers()).isZero();
    }
}
