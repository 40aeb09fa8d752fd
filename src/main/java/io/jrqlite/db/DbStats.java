package io.jrqlite.db;

import java.time.Instant;
import java.util.List;

/**
 * The database part of {@code /status} ({@code store.sqlite3}).
 *
 * @param path           the database file, or {@code :memory:} for a database in RAM
 * @param size           the database's logical size in bytes (page count × page size)
 * @param walSize        the size of the {@code -wal} file in bytes (0 in RAM)
 * @param dbSize         the size of the main database file on disk (the logical size in RAM)
 * @param version        the SQLite library version, e.g. {@code 3.54.1}
 * @param compileOptions SQLite's {@code PRAGMA compile_options}
 * @param rwDsn          how the read-write connection was opened
 * @param roDsn          how read-only connections are opened
 * @param connPoolStats  the read-only connection pool
 * @param lastModified   when the database or its WAL file last changed on disk; null in RAM
 */
public record DbStats(String path, long size, long walSize, long dbSize, String version,
                      List<String> compileOptions, String rwDsn, String roDsn, PoolStats connPoolStats,
                      Instant lastModified) {

    /**
     * @param open  read-only connections currently open
     * @param idle  of those, the ones not in use
     * @param max   the cap (0 = unlimited)
     */
    public record PoolStats(int open, int idle, int max) {
    }
}
