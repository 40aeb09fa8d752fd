package io.jrqlite.shell;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Tells a SQLite database file from SQL text by its 16-byte header. */
final class SqliteFile {

    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteFile() {
    }

    static boolean looksLikeSqlite(byte[] data) {
        return data.length >= HEADER.length && Arrays.equals(data, 0, HEADER.length, HEADER, 0, HEADER.length);
    }
}
