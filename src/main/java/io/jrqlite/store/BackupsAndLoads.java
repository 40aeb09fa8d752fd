package io.jrqlite.store;

import com.alipay.sofa.jraft.util.Endpoint;
import io.jrqlite.command.BackupFormat;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.LoadChunk;
import io.jrqlite.command.LogEntry;
import io.jrqlite.db.Database;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole databases in and out: backups (made here, or fetched from the leader through {@link BackupTransfer}), loads
 * proposed in pieces, and the temporary files both leave in the data directory. File work runs on the read executor.
 */
final class BackupsAndLoads {

    private static final Logger LOG = LoggerFactory.getLogger(BackupsAndLoads.class);
    private static final String BACKUP_PREFIX = "backup-";
    /**
     * Pieces of a loaded file: large enough to keep the log's overhead small, small enough that a follower busy with
     * one still answers the leader's heartbeats in time on a starved machine (4 MB pieces cost leaderships there).
     */
    static final int LOAD_CHUNK_BYTES = 1 << 20;

    private final StoreConfig config;
    private final RaftAccess raft;
    private final Snapshotter snapshotter;
    private final BackupTransfer backups;
    private final ExecutorService readExecutor;

    BackupsAndLoads(StoreConfig config, RaftAccess raft, Snapshotter snapshotter, BackupTransfer backups,
            ExecutorService readExecutor) {
        this.config = config;
        this.raft = raft;
        this.snapshotter = snapshotter;
        this.backups = backups;
        this.readExecutor = readExecutor;
    }

    /** See {@link Store#backup}. */
    CompletableFuture<Store.BackupFile> backup(BackupFormat format, List<String> tables, boolean compress,
            boolean local, Forwarding forwarding) {
        if (!raft.isOpen()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        if (local || raft.isLeader()) {
            return backupHere(format, tables, compress).thenApply(file -> new Store.BackupFile(file, ""));
        }
        io.jrqlite.command.BackupRequest request = io.jrqlite.command.BackupRequest.newBuilder()
                .setFormat(format.name()).addAllTables(tables).setCompress(compress).build();
        Forwarder forwarder = raft.forwarder();
        Endpoint leader;
        Path into;
        try {
            leader = forwarder.leader();
            into = Files.createTempFile(config.dataDir(), BACKUP_PREFIX, ".tmp");
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new StoreException("backup failed: " + e.getMessage(), e));
        }
        return backups.fetch(forwarder, leader, request, into, forwarding)
                .thenApply(file -> new Store.BackupFile(file, leader.toString()));
    }

    /** On the leader: a backup for a follower, held until the follower has read it. */
    CompletableFuture<byte[]> handleBackup(byte[] payload) {
        io.jrqlite.command.BackupRequest request;
        try {
            request = io.jrqlite.command.BackupRequest.parseFrom(payload);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!raft.isLeader()) { // never forwarded twice
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_LEADER));
        }
        return backupHere(BackupFormat.valueOf(request.getFormat()), request.getTablesList(), request.getCompress())
                .thenApply(file -> {
                    try {
                        return backups.offer(file).toByteArray();
                    } catch (IOException e) {
                        deleteQuietly(file);
                        throw new StoreException("backup failed: " + e.getMessage(), e);
                    }
                });
    }

    private CompletableFuture<Path> backupHere(BackupFormat format, List<String> tables, boolean compress) {
        return CompletableFuture.supplyAsync(() -> {
            Path raw = null;
            try {
                raw = Files.createTempFile(config.dataDir(), BACKUP_PREFIX, ".tmp");
                Files.delete(raw); // VACUUM INTO wants a file that does not exist
                raft.db().backup(raw, format, tables);
                if (!compress) {
                    return raw;
                }
                Path gz = Files.createTempFile(config.dataDir(), BACKUP_PREFIX, ".gz.tmp");
                try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz), 64 * 1024)) {
                    Files.copy(raw, out);
                }
                Files.delete(raw);
                return gz;
            } catch (IOException | java.sql.SQLException e) {
                deleteQuietly(raw);
                throw new StoreException("backup failed: " + e.getMessage(), e);
            }
        }, readExecutor);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", file, e.getMessage());
            }
        }
    }

    /** See {@link Store#newTempFile(String)}. */
    Path newTempFile(String prefix) throws IOException {
        return Files.createTempFile(config.dataDir(), prefix, ".tmp");
    }

    /** Backups and loads interrupted by a crash leave temporary files behind; a start clears them. */
    void deleteStaleFiles() throws IOException {
        try (var files = Files.newDirectoryStream(config.dataDir(), "{" + BACKUP_PREFIX + ",load-,boot-,upload-,restore}*.tmp{,-wal,-shm}")) {
            for (Path f : files) {
                deleteQuietly(f);
            }
        }
    }

    /** See {@link Store#load(Path, Forwarding)}. */
    CompletableFuture<BatchResult> load(Path file, Forwarding forwarding) {
        if (!raft.isOpen()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_OPEN));
        }
        if (!raft.isLeader() && raft.leaderEndpoint().isEmpty()) {
            return CompletableFuture.failedFuture(new StoreException(StoreException.NOT_LEADER));
        }
        // Checked here, before it enters the log (on a follower, before any piece goes to the leader): a file SQLite
        // finds unsound must not reach any replica.
        return CompletableFuture.supplyAsync(() -> Database.isSound(file), readExecutor).thenCompose(sound -> {
            if (!sound) {
                return CompletableFuture.failedFuture(new StoreException("invalid SQLite database"));
            }
            String id = java.util.UUID.randomUUID().toString();
            return sendPieces(file, id, 0, forwarding).whenComplete((r, t) -> {
                if (t != null) { // tell every node to drop what it staged
                    raft.propose(LogEntry.newBuilder().setLoadChunk(
                            LoadChunk.newBuilder().setId(id).setAbort(true)).build(), forwarding);
                } else if (r.getError().isEmpty()) {
                    snapshotter.takeSnapshot(); // the file is in the log once more: a snapshot lets it go
                }
            });
        });
    }

    /** Proposes an abort for each load: called as this node becomes leader, from the state-machine thread. */
    void abandonLoads(List<String> ids) {
        // Later, on another thread: the node may not be published yet, and the state-machine thread must go on.
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, readExecutor).execute(() -> {
            for (String id : ids) {
                raft.propose(LogEntry.newBuilder().setLoadChunk(LoadChunk.newBuilder().setId(id).setAbort(true))
                                .build())
                        .exceptionally(t -> {
                            LOG.warn("cannot abandon load {}: {}", id, t.getMessage());
                            return null;
                        });
            }
        });
    }

    /** Proposes the file's pieces one after the other, from {@code offset}; completes with the last's result. */
    private CompletableFuture<BatchResult> sendPieces(Path file, String id, long offset, Forwarding forwarding) {
        return CompletableFuture.supplyAsync(() -> {
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
                long size = ch.size();
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(LOAD_CHUNK_BYTES, size - offset));
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                    // read until full
                }
                buf.flip();
                return LoadChunk.newBuilder().setId(id).setOffset(offset)
                        .setData(com.google.protobuf.UnsafeByteOperations.unsafeWrap(buf))
                        .setLast(offset + buf.remaining() >= size).build();
            } catch (IOException e) {
                throw new StoreException("load failed: " + e.getMessage(), e);
            }
        }, readExecutor).thenCompose(piece -> raft.propose(LogEntry.newBuilder().setLoadChunk(piece).build(),
                forwarding).thenCompose(r -> piece.getLast() || !r.getError().isEmpty()
                        ? CompletableFuture.completedFuture(r)
                        : sendPieces(file, id, offset + piece.getData().size(), forwarding)));
    }
}
