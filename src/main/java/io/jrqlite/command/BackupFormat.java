package io.jrqlite.command;

/** The forms of {@code /db/backup}. */
public enum BackupFormat {
    /** A SQLite database file whose header says WAL mode, like a copy of a node's own file. */
    BINARY,
    /** A SQLite database file in rollback-journal (DELETE) mode. */
    DELETE,
    /** SQL text that rebuilds the database. */
    SQL
}
