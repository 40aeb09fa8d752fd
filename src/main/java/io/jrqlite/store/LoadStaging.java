package io.jrqlite.store;

import io.jrqlite.command.LoadChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database files arriving through the log in pieces ({@link LoadChunk}), staged in {@code <data>/load-staging}.
 * Used by the state-machine thread only. While a load is staged no snapshot is taken, so every piece of it is still
 * in the log after the latest snapshot: a restart replays them, which is why a start clears the directory.
 */
final class LoadStaging {

    private static final Logger LOG = LoggerFactory.getLogger(LoadStaging.class);
    /** A load with no piece for this many log entries is abandoned (its proposer is gone). */
    static final long ABANDON_AFTER_ENTRIES = 10_000;

    private final Path dir;
    private final Map<String, Long> lastPieceIndex = new HashMap<>();

    LoadStaging(Path dataDir) {
        this.dir = dataDir.resolve("load-staging");
    }

    /** Deletes what an earlier run staged: the log still holds every piece of an unfinished load. */
    void clear() throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
    }

    /** The loads staged now. */
    java.util.List<String> ids() {
        return java.util.List.copyOf(lastPieceIndex.keySet());
    }

    /** Forgets every staged load: a restored snapshot replaces what they belonged to. */
    void reset() throws IOException {
        lastPieceIndex.clear();
        clear();
    }

    /** Whether a load is under way at {@code index}: snapshots wait for it. */
    boolean active(long index) {
        return lastPieceIndex.values().stream().anyMatch(last -> !expired(last, index));
    }

    private static boolean expired(long lastPiece, long index) {
        return index - lastPiece > ABANDON_AFTER_ENTRIES;
    }

    /**
     * Stages one piece; returns the complete file when this was the last piece (the caller loads and deletes it).
     * A piece of a load this node does not know from its first piece, or of one abandoned, is ignored: every node
     * decides the same from the log indexes alone.
     *
     * @throws AbandonedLoadException when the last piece of such a load arrives
     */
    Optional<Path> apply(LoadChunk chunk, long index) throws IOException, AbandonedLoadException {
        String id = chunk.getId();
        Path file = dir.resolve(safeName(id) + ".part");
        Long previous = lastPieceIndex.get(id);
        boolean known = chunk.getOffset() == 0 || (previous != null && !expired(previous, index));
        if (chunk.getAbort() || !known) {
            lastPieceIndex.remove(id);
            Files.deleteIfExists(file);
            if (!chunk.getAbort() && chunk.getLast()) {
                throw new AbandonedLoadException();
            }
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (chunk.getOffset() == 0) {
                ch.truncate(0); // a replay over a leftover
            }
            ByteBuffer data = chunk.getData().asReadOnlyByteBuffer();
            long at = chunk.getOffset();
            while (data.hasRemaining()) {
                at += ch.write(data, at);
            }
        }
        if (chunk.getLast()) {
            lastPieceIndex.remove(id);
            return Optional.of(file);
        }
        lastPieceIndex.put(id, index);
        return Optional.empty();
    }

    /** Deletes the files of abandoned loads (a local clean-up: their pieces are ignored on every node anyway). */
    void dropAbandoned(long index) {
        for (Iterator<Map.Entry<String, Long>> it = lastPieceIndex.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Long> e = it.next();
            if (expired(e.getValue(), index)) {
                it.remove();
                try {
                    Files.deleteIfExists(dir.resolve(safeName(e.getKey()) + ".part"));
                } catch (IOException ex) {
                    LOG.warn("cannot delete abandoned load {}: {}", e.getKey(), ex.getMessage());
                }
                LOG.warn("load {} abandoned: no piece since index {}", e.getKey(), e.getValue());
            }
        }
    }

    /** The last piece of a load whose earlier pieces were dropped. */
    static final class AbandonedLoadException extends Exception {
        AbandonedLoadException() {
            super("load abandoned: its pieces stopped arriving");
        }
    }

    /** Ids come from the log: keep them to a file name's safe characters. */
    private static String safeName(String id) {
        return id.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
