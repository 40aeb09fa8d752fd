package io.jrqlite.db;

import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read-only connections, opened on demand up to a cap and kept when idle (most recently used first, so a
 * light load keeps reusing a few warm connections with their statement caches). Thread-safe;
 * {@link #acquire()} blocks while the cap is reached.
 */
final class ReadPool implements AutoCloseable {

    /** Opens one connection. */
    interface Opener {
        SqliteConn open() throws SQLException;
    }

    private final Opener opener;
    private final int max;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<SqliteConn> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    /** @param max the most connections open at once; 0 = unlimited */
    ReadPool(Opener opener, int max) {
        this.opener = opener;
        this.max = max;
        this.permits = max > 0 ? new Semaphore(max) : null;
    }

    SqliteConn acquire() throws SQLException {
        if (closed) {
            throw new SQLException("database is closed");
        }
        if (permits != null) {
            permits.acquireUninterruptibly();
        }
        SqliteConn c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        try {
            c = opener.open();
            open.incrementAndGet();
            return c;
        } catch (SQLException | RuntimeException e) {
            if (permits != null) {
                permits.release();
            }
            throw e;
        }
    }

    void release(SqliteConn c) {
        if (closed || c.broken()) {
            c.close();
            open.decrementAndGet();
        } else {
            idle.offerFirst(c);
            if (closed) {
                drain();
            }
        }
        if (permits != null) {
            permits.release();
        }
    }

    int openCount() {
        return open.get();
    }

    int idleCount() {
        return idle.size();
    }

    int max() {
        return max;
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        for (SqliteConn c; (c = idle.pollFirst()) != null; ) {
            c.close();
            open.decrementAndGet();
        }
    }
}
