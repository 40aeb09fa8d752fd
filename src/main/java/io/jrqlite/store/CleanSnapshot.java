package io.jrqlite.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The fingerprint of a database file that holds exactly the state of a snapshot ({@code <data>/clean_snapshot}):
 * when the file still matches it at start, the node reuses the file and replays only the log after the snapshot.
 * JSON as rqlite writes it ({@code mod_time}, {@code size}, {@code crc32}, where crc32 0 means "not computed"),
 * plus the snapshot's log index, so a fingerprint is never taken for a different snapshot's.
 */
record CleanSnapshot(Instant modTime, long size, long crc32, long index) {

    static final String FILE = "clean_snapshot";
    private static final JsonFactory JSON = new JsonFactory();

    /** The fingerprint of {@code dbFile} as it is now, for the snapshot at {@code index}. */
    static CleanSnapshot of(Path dbFile, long index) throws IOException {
        return new CleanSnapshot(Files.getLastModifiedTime(dbFile).toInstant(), Files.size(dbFile), 0, index);
    }

    /** Whether {@code dbFile} is unchanged since this fingerprint was taken. */
    boolean matches(Path dbFile) {
        try {
            return Files.isRegularFile(dbFile) && Files.size(dbFile) == size
                    && Files.getLastModifiedTime(dbFile).equals(FileTime.from(modTime));
        } catch (IOException e) {
            return false;
        }
    }

    /** This fingerprint with the file's checksum: taken when the node stops, when there is time to read it all. */
    CleanSnapshot withChecksum(Path dbFile) throws IOException {
        return new CleanSnapshot(modTime, size, SnapshotChain.checksum(dbFile), index);
    }

    /** Whether the file's content matches the checksum, when there is one (0: none was taken). */
    boolean contentMatches(Path dbFile) throws IOException {
        return crc32 == 0 || SnapshotChain.checksum(dbFile) == crc32;
    }

    /** Writes the fingerprint durably (temporary file, fsync, rename) into {@code dataDir}. */
    void write(Path dataDir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("mod_time", DateTimeFormatter.ISO_INSTANT.format(modTime));
            g.writeNumberField("size", size);
            g.writeNumberField("crc32", crc32);
            g.writeNumberField("index", index);
            g.writeEndObject();
        }
        Path tmp = dataDir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
            ch.force(true);
        }
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The fingerprint in {@code dataDir}, if there is a readable one. */
    static Optional<CleanSnapshot> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (JsonParser p = JSON.createParser(Files.readAllBytes(file))) {
            Instant modTime = null;
            long size = -1;
            long index = -1;
            long crc32 = 0;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "mod_time" -> modTime = Instant.parse(p.getText());
                    case "size" -> size = p.getLongValue();
                    case "index" -> index = p.getLongValue();
                    case "crc32" -> crc32 = p.getLongValue();
                    default -> p.skipChildren();
                }
            }
            return modTime == null || size < 0 || index < 0 ? Optional.empty()
                    : Optional.of(new CleanSnapshot(modTime, size, crc32, index));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable fingerprint only costs a rebuild
        }
    }

    static void delete(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(FILE));
    }
}
