package io.jrqlite.db;

import io.jrqlite.command.BackupFormat;
import io.jrqlite.command.Batch;
import io.jrqlite.command.BatchResult;
import io.jrqlite.command.Statement;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite database as a node keeps it: a single long-lived read-write connection, to which the Raft log
 * is applied, and a pool of read-only connections for queries.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@link #execute}, {@link #request} and {@link #applyGroup} use the read-write connection. They are
 *       meant to be called by one thread (the Raft state-machine thread): {@code last_insert_id} and
 *       {@code rows_affected} are that connection's state, sticky from one statement to the next. An internal
 *       lock serializes them with {@link #pragmas pragmas(true)}, {@link #stats()} and {@link #close()}, so a
 *       status call from another thread waits for the current write to finish.</li>
 *   <li>{@link #query}, {@link #isReadOnly}, {@link #pragmas pragmas(false)}, {@link #stats()} and
 *       {@link #ping()} are thread-safe and use a read-only connection each; they block while
 *       {@link DbConfig#maxReadOnlyConnections()} connections are in use.</li>
 *   <li>Every call blocks for as long as SQLite works; nothing here starts threads.</li>
 * </ul>
 *
 * <h2>On disk and in RAM</h2>
 * On disk the database is in WAL mode with {@code synchronous=OFF} (the Raft log is the durable record), so
 * readers never wait for the writer. In RAM it is a {@code memdb} database named {@code /jrqlite-<uuid>}
 * ({@code file:/…?vfs=memdb}): a name starting with {@code /} is shared by every connection of the process, and
 * memdb's locks give readers exactly the committed state. Shared-cache memory databases were rejected: their
 * table locks fail readers at once with {@code SQLITE_LOCKED} (no busy handler applies) while a write
 * transaction is open, unless {@code read_uncommitted} lets them see uncommitted writes. memdb has no WAL, so
 * {@code journal_mode} is {@code memory} and readers and the writer exclude each other for the length of a
 * transaction; a fine-grained busy handler (up to 5 s) keeps that wait short.
 *
 * <h2>Errors</h2>
 * SQL errors are results, never exceptions: a statement's {@code error} holds SQLite's own message, and a
 * failure around the statements (e.g. {@code COMMIT}) is the batch's {@code error}.
 */
public final class Database implements AutoCloseable {

    private final DbConfig config;
    private final String path;
    private final String rwUrl;
    private final String roUrl;
    private final SqliteConn rw;
    private final ReadPool readers;
    private final ReadOnlyClassifier classifier = new ReadOnlyClassifier();
    private final BatchRunner runner = new BatchRunner(classifier);
    private final GroupApplier group;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final String version;
    private final List<String> compileOptions;
    private volatile boolean closed;

    private Database(DbConfig config, String path, String rwUrl, String roUrl, SqliteConn rw) throws SQLException {
        this.config = config;
        this.path = path;
        this.rwUrl = rwUrl;
        this.roUrl = roUrl;
        this.rw = rw;
        this.readers = new ReadPool(this::openReader, config.maxReadOnlyConnections());
        this.group = new GroupApplier(rw, runner, this::applyOne);
        this.version = rw.queryString("SELECT sqlite_version()");
        List<String> options = new ArrayList<>();
        try (PreparedStatement ps = rw.jdbc().prepareStatement("PRAGMA compile_options");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                options.add(rs.getString(1));
            }
        }
        this.compileOptions = List.copyOf(options);
    }

    /** Opens (creating if needed) the database described by {@code config}. */
    public static Database open(DbConfig config) throws SQLException {
        String path;
        String url;
        if (config.inMemory()) {
            path = ":memory:";
            url = "file:/jrqlite-" + UUID.randomUUID() + "?vfs=memdb";
        } else {
            Path file = config.file().toAbsolutePath();
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
            } catch (IOException e) {
                throw new SQLException("cannot create directory for " + file + ": " + e.getMessage(), e);
            }
            path = file.toString();
            url = path;
        }
        SqliteConn rw = SqliteConn.open("jdbc:sqlite:" + url, false, config.inMemory());
        try {
            if (!config.inMemory()) {
                rw.queryString("PRAGMA journal_mode=WAL");
            }
            rw.exec("PRAGMA synchronous=OFF");
            rw.exec("PRAGMA wal_autocheckpoint=0");
            rw.exec("PRAGMA foreign_keys=" + (config.foreignKeys() ? "ON" : "OFF"));
            return new Database(config, path, url, url, rw);
        } catch (SQLException | RuntimeException e) {
            rw.close();
            throw e;
        }
    }

    private SqliteConn openReader() throws SQLException {
        SqliteConn c = SqliteConn.open("jdbc:sqlite:" + roUrl, true, config.inMemory());
        try {
            c.exec("PRAGMA synchronous=OFF");
            c.exec("PRAGMA wal_autocheckpoint=1000");
            c.exec("PRAGMA foreign_keys=" + (config.foreignKeys() ? "ON" : "OFF"));
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public DbConfig config() {
        return config;
    }

    /**
     * Applies a write request on the read-write connection: without {@code transaction} each statement
     * autocommits and a failure does not stop the next; with it, {@code BEGIN} … {@code COMMIT}, stopping and
     * rolling back at the first error. Statements with {@code returns_rows} give rows.
     */
    public BatchResult execute(Batch batch) {
        writeLock.lock();
        try {
            checkOpen();
            return runner.execute(rw, batch, BatchRunner.STANDALONE);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs a read request on a read-only connection. A statement that would write gives the error
     * {@code attempt to change database via query operation}; errors never stop later statements.
     */
    public BatchResult query(Batch batch) {
        SqliteConn c;
        try {
            c = readers.acquire();
        } catch (SQLException e) {
            return BatchResult.newBuilder().setError(SqliteErrors.message(e)).build();
        }
        try {
            return runner.query(c, batch, BatchRunner.STANDALONE);
        } catch (RuntimeException e) {
            c.markBroken();
            throw e;
        } finally {
            readers.release(c);
        }
    }

    /**
     * Applies a mixed request (one that went through Raft) on the read-write connection: read-only statements
     * give rows, the others execute results (CONTRACT §1.5 {@code /db/request}).
     */
    public BatchResult request(Batch batch) {
        writeLock.lock();
        try {
            checkOpen();
            return runner.request(rw, batch, BatchRunner.STANDALONE);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Applies several requests as one SQLite transaction (group commit), each atomic on its own, with the same
     * results as applying them one after the other with {@link #execute}, {@link #query} and
     * {@link #request}. Falls back to one by one where the two could differ (see {@link GroupApplier}).
     */
    public List<BatchResult> applyGroup(List<Work> works) {
        writeLock.lock();
        try {
            checkOpen();
            return group.apply(works);
        } finally {
            writeLock.unlock();
        }
    }

    /** The group applier, for tests. */
    GroupApplier group() {
        return group;
    }

    private BatchResult applyOne(Work w) {
        return switch (w.kind()) {
            case EXECUTE -> runner.execute(rw, w.batch(), BatchRunner.STANDALONE);
            case QUERY -> query(w.batch());
            case REQUEST -> runner.request(rw, w.batch(), BatchRunner.STANDALONE);
        };
    }

    /**
     * Whether every statement in {@code statement}'s SQL is read-only, as {@code sqlite3_stmt_readonly()}
     * decides it ({@code EXPLAIN …} counts as read-only). SQL that does not compile is not read-only.
     */
    public boolean isReadOnly(Statement statement) {
        List<SqlScript.Piece> pieces = SqlScript.split(statement.getSql());
        if (pieces.isEmpty()) {
            return true;
        }
        SqliteConn c;
        try {
            c = readers.acquire();
        } catch (SQLException e) {
            return false;
        }
        try {
            return runner.classify(c, pieces);
        } catch (SQLException e) {
            c.discard(pieces.get(0).sql());
            return false;
        } finally {
            readers.release(c);
        }
    }

    /**
     * The connection settings reported by {@code /status}: {@code busy_timeout}, {@code foreign_keys},
     * {@code journal_mode}, {@code synchronous} and {@code wal_autocheckpoint}, as strings, read from the
     * read-write connection or a read-only one. (In RAM {@code busy_timeout} is the wait of the busy handler
     * that replaces SQLite's.)
     */
    public Map<String, String> pragmas(boolean readWrite) throws SQLException {
        if (readWrite) {
            writeLock.lock();
            try {
                checkOpen();
                return readPragmas(rw);
            } finally {
                writeLock.unlock();
            }
        }
        SqliteConn c = readers.acquire();
        try {
            return readPragmas(c);
        } finally {
            readers.release(c);
        }
    }

    private Map<String, String> readPragmas(SqliteConn c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("busy_timeout", config.inMemory()
                ? Integer.toString(SqliteConn.BUSY_TIMEOUT_MS)
                : c.queryString("PRAGMA busy_timeout"));
        out.put("foreign_keys", c.queryString("PRAGMA foreign_keys"));
        out.put("journal_mode", c.queryString("PRAGMA journal_mode"));
        out.put("synchronous", c.queryString("PRAGMA synchronous"));
        out.put("wal_autocheckpoint", c.queryString("PRAGMA wal_autocheckpoint"));
        return out;
    }

    /** Sizes, versions and pool numbers for {@code /status}. */
    public DbStats stats() throws SQLException {
        long size;
        SqliteConn c = readers.acquire();
        try {
            size = Long.parseLong(c.queryString("PRAGMA page_count"))
                    * Long.parseLong(c.queryString("PRAGMA page_size"));
        } finally {
            readers.release(c);
        }
        long dbSize = size;
        long walSize = 0;
        Instant lastModified = null;
        if (!config.inMemory()) {
            Path db = Path.of(path);
            Path wal = Path.of(path + "-wal");
            dbSize = fileSize(db);
            walSize = fileSize(wal);
            lastModified = latest(modified(db), modified(wal));
        }
        DbStats.PoolStats pool = new DbStats.PoolStats(readers.openCount(), readers.idleCount(), readers.max());
        return new DbStats(path, size, walSize, dbSize, version, compileOptions, dsn(rwUrl, "rw"),
                dsn(roUrl, "ro"), pool, lastModified);
    }

    private static String dsn(String url, String mode) {
        String u = url.startsWith("file:") ? url : "file:" + url;
        return u + (u.contains("?") ? "&" : "?") + "mode=" + mode;
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** {@code SELECT 1} on a read-only connection, for {@code /readyz}. */
    /**
     * Replaces the whole database with the SQLite database in {@code file}, atomically (SQLite's backup API into
     * the live database: readers keep their snapshot, a failure leaves the old database as it was). Called on the
     * write thread only.
     *
     * @return the load's result: no statement results, or a request-level error
     */
    public BatchResult load(Path file) {
        Path source = file;
        try {
            int pageSize = rw.queryInt("PRAGMA page_size");
            boolean walHeader = Backups.isWalHeader(file);
            boolean resize = Backups.pageSize(file) != pageSize;
            if (resize || (config.inMemory() && walHeader)) {
                source = Files.createTempFile(file.toAbsolutePath().getParent(), "load-", ".tmp");
                Files.copy(file, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                // In RAM a WAL header would make the database claim a log it cannot have; and SQLite's backup
                // into a database in WAL mode cannot change its page size (it silently copies nothing).
                Backups.setWalHeader(source, false);
                if (resize) {
                    Backups.changePageSize(source, pageSize);
                }
            }
            return restore(source);
        } catch (IOException | SQLException e) {
            return BatchResult.newBuilder().setError("load failed: " + e.getMessage()).build();
        } finally {
            try {
                if (source != file) {
                    Files.deleteIfExists(source);
                }
                // SQLite's backup opens the source as a database: a WAL header leaves these beside it.
                for (Path p : List.of(source, file)) {
                    Files.deleteIfExists(Path.of(p + "-wal"));
                    Files.deleteIfExists(Path.of(p + "-shm"));
                }
            } catch (IOException e) {
                // a start clears leftovers
            }
        }
    }

    private BatchResult restore(Path file) throws SQLException {
        int expectedPages;
        try (SqliteConn c = SqliteConn.open("jdbc:sqlite:file:" + file + "?mode=ro&immutable=1", true, false)) {
            expectedPages = c.queryInt("PRAGMA page_count");
        }
        writeLock.lock();
        try {
            int rc = rw.jdbc().getDatabase().restore("main", file.toString(), null);
            if (rc != 0) {
                return BatchResult.newBuilder().setError("load failed: SQLite error " + rc).build();
            }
            // sqlite-jdbc reports some refusals as success: check that the copy arrived.
            int pages = rw.queryInt("PRAGMA page_count");
            return pages == expectedPages ? BatchResult.getDefaultInstance() : BatchResult.newBuilder()
                    .setError("load failed: " + pages + " of " + expectedPages + " pages copied").build();
        } catch (SQLException e) {
            return BatchResult.newBuilder().setError(SqliteErrors.message(e)).build();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Moves every page of the write-ahead log into the database file and empties the log, so the file alone holds
     * the database as of the last commit. Called on the write thread only; on disk only.
     *
     * @return false when readers kept the log from being emptied (the file may then hold part of the log)
     */
    public boolean checkpointTruncate() throws SQLException {
        writeLock.lock();
        try {
            checkOpen();
            try (java.sql.Statement s = rw.jdbc().createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                // One row: busy (1 when blocked), frames in the log, frames checkpointed.
                return rs.next() && rs.getInt(1) == 0 && rs.getInt(2) == rs.getInt(3);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** The size of the write-ahead log in bytes: 0 when there is none (in RAM, or nothing written since). */
    public long walSize() {
        return config.inMemory() ? 0 : fileSize(Path.of(path + "-wal"));
    }

    /** The write-ahead log beside the database file, or null in RAM. */
    public Path walFile() {
        return config.inMemory() ? null : Path.of(path + "-wal");
    }

    /**
     * Replays a write-ahead log saved from a database onto a copy of that database's file: {@code wal} is copied
     * beside {@code dbFile} and checkpointed into it. Frames SQLite finds invalid are ignored, as in a crash.
     */
    public static void applyWal(Path dbFile, Path wal) throws SQLException, IOException {
        Path beside = Path.of(dbFile + "-wal");
        Files.copy(wal, beside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (SqliteConn c = SqliteConn.open("jdbc:sqlite:" + dbFile, false, false)) {
            c.queryString("PRAGMA wal_checkpoint(TRUNCATE)");
        } finally {
            Files.deleteIfExists(beside);
            Files.deleteIfExists(Path.of(dbFile + "-shm"));
        }
    }

    /** Whether {@code file} is a SQLite database SQLite itself finds sound (a quick check, read-only). */
    public static boolean isSound(Path file) {
        // immutable: no locks and no -shm/-wal files beside a file that is only being looked at
        try (SqliteConn c = SqliteConn.open("jdbc:sqlite:file:" + file + "?mode=ro&immutable=1", true, false)) {
            return "ok".equals(c.queryString("PRAGMA quick_check"));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Writes a consistent backup of the database to {@code target} (a file that must not exist yet), taken on a
     * read-only connection: writes go on meanwhile. {@code tables} limits a SQL dump (empty: all). Thread-safe.
     */
    public void backup(Path target, BackupFormat format, List<String> tables) throws SQLException, IOException {
        SqliteConn c = readers.acquire();
        try {
            if (format == BackupFormat.SQL) {
                try (OutputStream out = Files.newOutputStream(target)) {
                    Backups.dump(c, out, tables);
                }
            } else {
                Backups.copy(c, target, format == BackupFormat.BINARY);
            }
        } finally {
            readers.release(c);
        }
    }

    public boolean ping() {
        if (closed) {
            return false;
        }
        SqliteConn c;
        try {
            c = readers.acquire();
        } catch (SQLException e) {
            return false;
        }
        try {
            return "1".equals(c.queryString("SELECT 1"));
        } catch (SQLException e) {
            return false;
        } finally {
            readers.release(c);
        }
    }

    /** The database file, or {@code :memory:}. */
    public String path() {
        return path;
    }

    /** Closes every connection; a database in RAM is gone afterwards. Read-only connections in use close on release. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            readers.close();
            rw.close();
        } finally {
            writeLock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("database is closed");
        }
    }
}
