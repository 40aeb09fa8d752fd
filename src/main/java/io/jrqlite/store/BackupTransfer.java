package io.jrqlite.store;

import com.alipay.sofa.jraft.util.Endpoint;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.jrqlite.command.BackupOffer;
import io.jrqlite.command.BackupPiece;
import io.jrqlite.command.BackupPieceRequest;
import io.jrqlite.command.BackupRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups through a follower, both ends. On the leader, a backup file written for a follower is an <em>offer</em>,
 * read in pieces and deleted when its last piece is read, when no piece was asked for {@code idle}, or at close. On a
 * follower, {@link #fetch} asks the leader for a backup and copies it piece by piece into a temporary file of its
 * own, so neither node ever holds more than one piece in the heap. Thread-safe; never blocks the caller.
 */
final class BackupTransfer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackupTransfer.class);
    static final int PIECE_BYTES = 4 << 20;

    private final Map<String, Offer> offers = new ConcurrentHashMap<>();
    private final Executor io;
    private final Duration idle;
    private volatile boolean closed;

    /**
     * @param io   where files are read and written
     * @param idle how long an offer waits for its next piece before it is deleted
     */
    BackupTransfer(Executor io, Duration idle) {
        this.io = io;
        this.idle = idle;
    }

    // ---- the leader's side ----

    /** Holds {@code file} (which this now owns) for a follower; answers the offer to send it. */
    BackupOffer offer(Path file) throws IOException {
        String id = UUID.randomUUID().toString();
        Offer offer = new Offer(file, Files.size(file));
        offers.put(id, offer);
        if (closed) { // closed meanwhile: nobody would delete it
            drop(id);
            throw new StoreException(StoreException.NOT_OPEN);
        }
        expireWhenIdle(id, offer);
        return BackupOffer.newBuilder().setId(id).setSize(offer.size).build();
    }

    /** One piece of an offer; the last one ends the offer. */
    CompletableFuture<byte[]> piece(byte[] payload) {
        BackupPieceRequest request;
        try {
            request = BackupPieceRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(e);
        }
        Offer offer = offers.get(request.getId());
        if (offer == null) {
            return CompletableFuture.failedFuture(new StoreException("backup " + request.getId() + " not found"));
        }
        offer.touched = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> {
            long offset = request.getOffset();
            if (offset < 0 || offset > offer.size) {
                throw new StoreException("backup offset " + offset + " out of range");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(PIECE_BYTES, offer.size - offset));
            try (FileChannel ch = FileChannel.open(offer.file, StandardOpenOption.READ)) {
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                    // read until full
                }
            } catch (IOException e) {
                drop(request.getId());
                throw new StoreException("backup failed: " + e.getMessage(), e);
            }
            buf.flip();
            if (offset + buf.remaining() >= offer.size) {
                drop(request.getId());
            }
            return BackupPiece.newBuilder().setData(UnsafeByteOperations.unsafeWrap(buf)).build().toByteArray();
        }, io);
    }

    /** Checks an offer when it may have lain idle long enough; a piece asked for meanwhile puts the check off. */
    private void expireWhenIdle(String id, Offer offer) {
        long dueNanos = offer.touched + idle.toNanos() - System.nanoTime();
        CompletableFuture.delayedExecutor(Math.max(1, dueNanos), TimeUnit.NANOSECONDS).execute(() -> {
            if (offers.get(id) != offer) {
                return; // read to its end or dropped already
            }
            if (System.nanoTime() - offer.touched >= idle.toNanos()) {
                LOG.info("backup {} not fetched for {}: deleted", id, idle);
                drop(id);
            } else {
                expireWhenIdle(id, offer);
            }
        });
    }

    private void drop(String id) {
        Offer offer = offers.remove(id);
        if (offer != null) {
            try {
                Files.deleteIfExists(offer.file);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", offer.file, e.getMessage()); // a start clears it
            }
        }
    }

    /** Offers still held (for tests and leaks). */
    int offers() {
        return offers.size();
    }

    @Override
    public void close() {
        closed = true;
        offers.keySet().forEach(this::drop);
    }

    // ---- the follower's side ----

    /**
     * Asks {@code leader} for a backup and copies it into {@code into} (an empty file this node made); completes with
     * it, or deletes it and fails. Every piece comes from that leader: another would not know the offer.
     */
    CompletableFuture<Path> fetch(Forwarder forwarder, Endpoint leader, BackupRequest request, Path into,
            Forwarding how) {
        CompletableFuture<Path> fetched = forwarder.call(leader, "backup", request.toByteArray(), how)
                .thenApply(BackupTransfer::parseOffer)
                .thenCompose(offer -> copy(forwarder, leader, offer, into, 0, how));
        return fetched.whenComplete((p, t) -> {
            if (t != null) {
                try {
                    Files.deleteIfExists(into);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", into, e.getMessage());
                }
            }
        });
    }

    private CompletableFuture<Path> copy(Forwarder forwarder, Endpoint leader, BackupOffer offer, Path into,
            long offset, Forwarding how) {
        byte[] ask = BackupPieceRequest.newBuilder().setId(offer.getId()).setOffset(offset).build().toByteArray();
        return forwarder.call(leader, "backup-piece", ask, how).thenApplyAsync(bytes -> {
            try {
                BackupPiece piece = BackupPiece.parseFrom(bytes);
                try (FileChannel ch = FileChannel.open(into, StandardOpenOption.WRITE)) {
                    ByteBuffer data = piece.getData().asReadOnlyByteBuffer();
                    long at = offset;
                    while (data.hasRemaining()) {
                        at += ch.write(data, at);
                    }
                }
                if (piece.getData().isEmpty() && offset < offer.getSize()) {
                    throw new StoreException("backup cut short at " + offset + " of " + offer.getSize() + " bytes");
                }
                return (long) piece.getData().size();
            } catch (IOException e) {
                throw new StoreException("backup failed: " + e.getMessage(), e);
            }
        }, io).thenCompose(n -> offset + n >= offer.getSize() ? CompletableFuture.completedFuture(into)
                : copy(forwarder, leader, offer, into, offset + n, how));
    }

    private static BackupOffer parseOffer(byte[] bytes) {
        try {
            return BackupOffer.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("bad reply from the leader: " + e.getMessage());
        }
    }

    private static final class Offer {
        final Path file;
        final long size;
        volatile long touched = System.nanoTime();

        Offer(Path file, long size) {
            this.file = file;
            this.size = size;
        }
    }
}
