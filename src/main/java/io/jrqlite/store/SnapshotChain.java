package io.jrqlite.store;

import io.jrqlite.db.Database;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The database files of one snapshot: a full copy of the database file taken at {@code baseIndex}, then the
 * write-ahead logs saved at later snapshots, each holding the pages changed since the one before. Files are
 * never changed once written, so a new snapshot shares its predecessor's files through hard links.
 */
record SnapshotChain(Path dir, long baseIndex, List<Long> walIndexes) {

    /** The file SOFAJRaft writes last when it commits a snapshot directory. */
    static final String RAFT_META = "__raft_snapshot_meta";
    private static final Pattern BASE = Pattern.compile("base-(\\d+)\\.sqlite");
    private static final Pattern WAL = Pattern.compile("wal-(\\d+)\\.wal");
    static final String CRC_SUFFIX = ".crc32";
    /** Lists the chain's data files in order, then {@link #MANIFEST_END}. */
    static final String MANIFEST = "chain";
    private static final String MANIFEST_END = "end";
    private static final Pattern SNAPSHOT_DIR = Pattern.compile("snapshot_(\\d+)");

    static String baseName(long index) {
        return "base-" + index + ".sqlite";
    }

    static String walName(long index) {
        return "wal-" + index + ".wal";
    }

    /**
     * The chain in {@code dir}, as its manifest lists it. Fails when the manifest is missing or incomplete or names
     * a file that is not there: a chain with a hole would rebuild a wrong database.
     */
    static SnapshotChain read(Path dir) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IOException("snapshot " + dir + " has no " + MANIFEST + " manifest");
        }
        List<String> lines = Files.readAllLines(manifest);
        if (lines.size() < 2 || !lines.get(lines.size() - 1).equals(MANIFEST_END)) {
            throw new IOException("snapshot " + dir + " has an incomplete manifest");
        }
        long base = -1;
        List<Long> wals = new ArrayList<>();
        for (String name : lines.subList(0, lines.size() - 1)) {
            Matcher m = BASE.matcher(name);
            if (base < 0 && m.matches()) {
                base = Long.parseLong(m.group(1));
            } else if (base >= 0 && (m = WAL.matcher(name)).matches()) {
                wals.add(Long.parseLong(m.group(1)));
            } else {
                throw new IOException("snapshot " + dir + " lists an unexpected file: " + name);
            }
            if (!Files.isRegularFile(dir.resolve(name)) || !Files.isRegularFile(dir.resolve(name + CRC_SUFFIX))) {
                throw new IOException("snapshot " + dir + " is missing " + name + " or its checksum");
            }
        }
        return new SnapshotChain(dir, base, List.copyOf(wals));
    }

    /** Writes this chain's manifest into its directory, durably. */
    void writeManifest() throws IOException {
        List<String> lines = new ArrayList<>(dataFileNames());
        lines.add(MANIFEST_END);
        Path manifest = dir.resolve(MANIFEST);
        Files.write(manifest, lines);
        fsync(manifest);
    }

    /** The newest snapshot directory SOFAJRaft has committed under {@code snapshotsDir}, if any. */
    static Optional<Path> latestCommitted(Path snapshotsDir) throws IOException {
        if (!Files.isDirectory(snapshotsDir)) {
            return Optional.empty();
        }
        Path best = null;
        long bestIndex = -1;
        try (var dirs = Files.newDirectoryStream(snapshotsDir)) {
            for (Path d : dirs) {
                Matcher m = SNAPSHOT_DIR.matcher(d.getFileName().toString());
                if (m.matches() && Files.isRegularFile(d.resolve(RAFT_META))) {
                    long index = Long.parseLong(m.group(1));
                    if (index > bestIndex) {
                        bestIndex = index;
                        best = d;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The log index the chain brings the database to. */
    long lastIndex() {
        return walIndexes.isEmpty() ? baseIndex : walIndexes.get(walIndexes.size() - 1);
    }

    /** The chain's files with their checksum sidecars and the manifest, as the snapshot lists them. */
    List<String> fileNames() {
        List<String> names = new ArrayList<>();
        names.add(MANIFEST);
        for (String name : dataFileNames()) {
            names.add(name);
            names.add(name + CRC_SUFFIX);
        }
        return names;
    }

    private List<String> dataFileNames() {
        List<String> names = new ArrayList<>();
        names.add(baseName(baseIndex));
        walIndexes.forEach(i -> names.add(walName(i)));
        return names;
    }

    Path base() {
        return dir.resolve(baseName(baseIndex));
    }

    long baseBytes() throws IOException {
        return Files.size(base());
    }

    long walBytes() throws IOException {
        long total = 0;
        for (long i : walIndexes) {
            total += Files.size(dir.resolve(walName(i)));
        }
        return total;
    }

    /**
     * Writes the database the chain describes to {@code target} (replaced if present) and syncs it; every file is
     * checked against its checksum first, so a damaged snapshot fails here instead of giving wrong data.
     */
    void materialize(Path target) throws IOException, SQLException {
        for (String name : dataFileNames()) {
            verify(dir.resolve(name));
        }
        Files.deleteIfExists(target);
        Files.deleteIfExists(Path.of(target + "-wal")); // left by a crash: it would be replayed into the copy
        Files.deleteIfExists(Path.of(target + "-shm"));
        copyDurably(base(), target);
        for (long i : walIndexes) {
            Database.applyWal(target, dir.resolve(walName(i)));
        }
        fsync(target);
    }

    /** Copies {@code from} to a new file {@code to} and syncs it; returns the copy's CRC-32. */
    static long copyDurably(Path from, Path to) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (in.read(buf) >= 0) {
                buf.flip();
                crc.update(buf.duplicate());
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                buf.clear();
            }
            out.force(true);
        }
        return crc.getValue();
    }

    /** Copies {@code from} to a new file {@code to} of the snapshot, with its checksum beside it. */
    static void copyWithChecksum(Path from, Path to) throws IOException {
        writeChecksum(to, copyDurably(from, to));
    }

    static void writeChecksum(Path file, long crc) throws IOException {
        Path sidecar = Path.of(file + CRC_SUFFIX);
        Files.writeString(sidecar, Long.toString(crc), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        fsync(sidecar);
    }

    /** The CRC-32 of a whole file. */
    static long checksum(Path file) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buf) >= 0) {
                buf.flip();
                crc.update(buf);
                buf.clear();
            }
        }
        return crc.getValue();
    }

    /** Fails unless {@code file} matches the checksum beside it. */
    static void verify(Path file) throws IOException {
        Path sidecar = Path.of(file + CRC_SUFFIX);
        long expected;
        try {
            expected = Long.parseLong(Files.readString(sidecar).strip());
        } catch (NumberFormatException | java.nio.file.NoSuchFileException e) {
            throw new IOException("snapshot file " + file + " has no valid checksum");
        }
        if (checksum(file) != expected) {
            throw new IOException("snapshot file " + file + " is damaged (checksum mismatch)");
        }
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
