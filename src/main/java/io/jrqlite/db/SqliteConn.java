package io.jrqlite.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;

/**
 * One SQLite connection with its prepared-statement cache. Not thread-safe: one thread at a time.
 *
 * <p>Statements are prepared once and kept (LRU, {@value #CACHE_SIZE} per connection): preparing through
 * sqlite-jdbc costs about as much as running a point query. Column values are read straight from the
 * native statement ({@link DB} is sqlite-jdbc's thin JNI layer) rather than through {@code ResultSet}.
 */
final class SqliteConn implements AutoCloseable {

    static final int CACHE_SIZE = 256;
    static final int BUSY_TIMEOUT_MS = 5000;
    private static final int PROGRESS_OPS = 1000;

    private final SQLiteConnection jdbc;
    private final DB db;
    private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > CACHE_SIZE) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private long deadlineNanos;
    private boolean armed;
    private boolean timedOut;
    private boolean broken;

    private SqliteConn(SQLiteConnection jdbc) {
        this.jdbc = jdbc;
        this.db = jdbc.getDatabase();
    }

    /**
     * Opens a connection to {@code url} ({@code jdbc:sqlite:…}).
     *
     * @param spinBusyHandler wait for locks in short sleeps instead of SQLite's coarse back-off (which sleeps
     *                        up to 100 ms at a time); used for the in-memory database, whose readers and writer
     *                        exclude each other
     */
    static SqliteConn open(String url, boolean readOnly, boolean spinBusyHandler) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setGetGeneratedKeys(false);
        cfg.setReadOnly(readOnly);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteConnection c = (SQLiteConnection) cfg.createConnection(url);
        if (spinBusyHandler) {
            BusyHandler.setHandler(c, new SpinBusyHandler());
        }
        return new SqliteConn(c);
    }

    SQLiteConnection jdbc() {
        return jdbc;
    }

    DB db() {
        return db;
    }

    /** The cached prepared statement for {@code sql}, preparing it on first use. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = jdbc.prepareStatement(sql);
            cache.put(sql, ps);
        }
        return ps;
    }

    /**
     * Forgets a statement after it failed: sqlite-jdbc finalizes the native statement on most step errors,
     * which would leave a dead entry in the cache.
     */
    void discard(String sql) {
        PreparedStatement ps = cache.remove(sql);
        if (ps != null) {
            closeQuietly(ps);
        }
    }

    /** Runs a statement that takes no parameters and whose rows, if any, are ignored. */
    void exec(String sql) throws SQLException {
        PreparedStatement ps = prepare(sql);
        try {
            if (ps.execute()) {
                reset(ps);
            }
        } catch (SQLException e) {
            discard(sql);
            throw e;
        }
    }

    /** Runs a one-row query without caching it (for rarely used statements), returning column 1 as text. */
    String queryString(String sql) throws SQLException {
        try (PreparedStatement ps = jdbc.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    int queryInt(String sql) throws SQLException {
        try (PreparedStatement ps = jdbc.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** {@code sqlite3_last_insert_rowid()} and {@code sqlite3_changes()} of this connection, in that order. */
    long[] sticky() throws SQLException {
        PreparedStatement ps = prepare("SELECT last_insert_rowid(), changes()");
        ps.execute();
        long p = ptr(ps);
        long[] out = {db.column_long(p, 0), db.column_long(p, 1)};
        reset(ps);
        return out;
    }

    /** Column {@code col} of the current row of an executed statement, as an integer. */
    long longColumn(PreparedStatement ps, int col) throws SQLException {
        return db.column_long(ptr(ps), col);
    }

    /** Returns a statement to its initial state, releasing any read snapshot or lock it holds. */
    void reset(PreparedStatement ps) throws SQLException {
        long p = ptr(ps);
        db.reset(p);
    }

    /** The native {@code sqlite3_stmt*} behind a prepared statement. */
    static long ptr(PreparedStatement ps) throws SQLException {
        return ((CoreStatement) ps).pointer.safeRunLong((d, p) -> p);
    }

    /**
     * Interrupts any statement still running {@code timeoutMs} from now (0 = no limit) until
     * {@link #clearDeadline()}; an interrupted statement fails with SQLITE_INTERRUPT and {@link #timedOut()}.
     */
    void setDeadline(long timeoutMs) throws SQLException {
        timedOut = false;
        armed = false;
        if (timeoutMs <= 0) {
            return;
        }
        boolean install = deadlineNanos == 0;
        armed = true;
        deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
        if (deadlineNanos == 0) {
            deadlineNanos = 1;
        }
        if (install) {
            ProgressHandler.setHandler(jdbc, PROGRESS_OPS, new ProgressHandler() {
                @Override
                protected int progress() {
                    if (armed && System.nanoTime() - deadlineNanos > 0) {
                        timedOut = true;
                        return 1;
                    }
                    return 0;
                }
            });
        }
    }

    /** Stops the deadline from interrupting what follows (bookkeeping statements) until the next one is set. */
    void disarmDeadline() {
        armed = false;
    }

    void clearDeadline() {
        armed = false;
        if (deadlineNanos != 0) {
            deadlineNanos = 0;
            try {
                ProgressHandler.clearHandler(jdbc);
            } catch (SQLException e) {
                broken = true;
            }
        }
    }

    /** True when the last statement was stopped by the deadline. */
    boolean timedOut() {
        return timedOut;
    }

    /** Marks the connection as not fit for reuse (a pool closes it instead of keeping it). */
    void markBroken() {
        broken = true;
    }

    boolean broken() {
        return broken;
    }

    @Override
    public void close() {
        for (Iterator<PreparedStatement> it = cache.values().iterator(); it.hasNext(); ) {
            closeQuietly(it.next());
            it.remove();
        }
        try {
            jdbc.close();
        } catch (SQLException e) {
            // closing anyway; nothing useful to do
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // the statement is gone either way
        }
    }

    /** Retries for up to {@link #BUSY_TIMEOUT_MS} with sleeps of 20 µs growing to 1 ms. */
    private static final class SpinBusyHandler extends BusyHandler {
        private long startNanos;

        @Override
        protected int callback(int nbPrevInvok) {
            long now = System.nanoTime();
            if (nbPrevInvok == 0) {
                startNanos = now;
            } else if (now - startNanos > BUSY_TIMEOUT_MS * 1_000_000L) {
                return 0;
            }
            LockSupport.parkNanos(Math.min(1_000_000L, 20_000L << Math.min(nbPrevInvok / 8, 6)));
            return 1;
        }
    }
}
