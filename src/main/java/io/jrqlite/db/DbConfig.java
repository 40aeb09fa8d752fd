package io.jrqlite.db;

import java.nio.file.Path;

/**
 * How to open a {@link Database}.
 *
 * @param file                   the SQLite file, or {@code null} for a database that lives only in RAM
 * @param foreignKeys            enforce foreign key constraints ({@code PRAGMA foreign_keys=ON})
 * @param maxReadOnlyConnections cap on read-only connections open at once; 0 = unlimited. Connections are
 *                               opened lazily and idle ones are kept for reuse.
 */
public record DbConfig(Path file, boolean foreignKeys, int maxReadOnlyConnections) {

    /** rqlite's default cap on read-only connections. */
    public static final int DEFAULT_MAX_READ_ONLY_CONNECTIONS = 256;

    public DbConfig {
        if (maxReadOnlyConnections < 0) {
            throw new IllegalArgumentException("maxReadOnlyConnections must be >= 0: " + maxReadOnlyConnections);
        }
    }

    /** An on-disk database with rqlite's defaults. */
    public static DbConfig onDisk(Path file) {
        return new DbConfig(file, false, DEFAULT_MAX_READ_ONLY_CONNECTIONS);
    }

    /** An in-memory database with rqlite's defaults. */
    public static DbConfig inRam() {
        return new DbConfig(null, false, DEFAULT_MAX_READ_ONLY_CONNECTIONS);
    }

    /** True when the database lives only in RAM. */
    public boolean inMemory() {
        return file == null;
    }
}
